import { afterAll, beforeAll, expect, it } from 'vitest';
import { inTransaction } from '../../../platform/src/index.ts';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { recycleDue } from '../../src/pools/index.ts';
import { poolTenant, startPoolServer, type PoolTenant } from './support.ts';

/**
 * The sweep (what a due timer runs): two sweeps at once recycle each due record exactly once (the
 * records are locked in id order, then what is still due is read again), in batches, and a record
 * followed up before its deadline stays with its owner.
 */
let server: RunningServer;
let t: PoolTenant;
beforeAll(async () => {
  server = await startPoolServer();
  t = await poolTenant(server);
  await t.setClock('2031-07-01T01:00:00Z');
  await t.apply({ pools: [{ name: 'main', object: 'lead', default: true, firstFollowUp: 'PT1H', followUp: { fields: ['status'] } }] });
}, 180_000);
afterAll(async () => { await server?.close(); });

it('two sweeps at once: each due record recycled once; a followed-up one kept', async () => {
  const rep = await t.user('Ren');
  const ids: string[] = (await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: Array.from({ length: 60 }, (_, i) => ({ name: `Swept ${i}`, owner: rep.id })) })).createLeads.map((r: any) => r.id);
  await rep.api('mutation($id: ID!) { updateLead(id: $id, data: {status: Contacted}) { id } }', { id: ids[0] });
  const services = (server.platform.plugins as unknown as { servicesFor(p: unknown): any }).servicesFor(server.platform.plugins.list().find((p) => p.name === 'pools'));
  const later = new Date('2031-07-01T02:30:00Z');
  const sweep = () => inTransaction(server.platform.pool, 60_000, async (db) => {
    const { op } = await services.asSystem(t.id, db, { via: 'workflow' });
    return recycleDue(op, 'lead', later, { batch: 25 });
  });
  const counts = await Promise.all([sweep(), sweep()]);
  expect(counts[0] + counts[1]).toBe(59);
  const [{ schema_name: schema }] = (await server.platform.pool.query('select schema_name from tessera.tenants where id = $1', [t.id])).rows;
  const rows = await server.platform.pool.query(`select action, count(*)::int as n from "${schema}"._pool_history where action = 'RECYCLE' group by action`);
  expect(rows.rows).toEqual([{ action: 'RECYCLE', n: 59 }]);
  expect((await t.lead(ids[0])).owner?.id).toBe(rep.id);
  expect((await t.lead(ids[1])).owner).toBeNull();
});
