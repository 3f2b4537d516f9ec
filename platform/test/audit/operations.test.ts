import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { purgeAuditHistory } from '../../src/audit/index.ts';
import { firstIdAt } from '../../src/audit/retention.ts';
import type { Principal } from '../../src/auth/index.ts';
import { DEFAULT_LIMITS } from '../../src/model/limits.ts';
import { auditHooks } from '../../src/audit/index.ts';
import { createRecords, inTransaction, SavePipeline, updateMatching, updateRecord, type OperationContext } from '../../src/operations/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { entries } from './support.ts';

let server: RunningServer;
let t: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

/** Runs `work` as a caller of the operations other than the GraphQL API (an import, say). */
async function asImport<T>(work: (ctx: OperationContext) => Promise<T>, pipeline = server.platform.pipeline): Promise<T> {
  const model = (await server.platform.schemas.get(t.id)).model;
  const principal = { tenantId: t.id, userId: t.adminId, via: 'api' } as Principal;
  return inTransaction(server.platform.pool, 10_000, (db) => work({ principal, model, limits: DEFAULT_LIMITS, db, via: 'import', pipeline, depth: 0 }));
}

describe('operations called directly', () => {
  it('a bulk create and a bulk update outside the API are audited like API writes, with their via', async () => {
    const model = (await server.platform.schemas.get(t.id)).model;
    const lead = model.objects.get('lead')!;
    const records = Array.from({ length: 500 }, (_, i) => ({ name: `Imported ${i}`, notes: 'import', score: i % 2 }));
    const ids = await asImport((ctx) => createRecords(ctx, lead, records));
    const created = await entries(t, 'lead');
    const mine = created.filter((e) => ids.includes(e.recordId));
    expect(mine).toHaveLength(500);
    expect(new Set(mine.map((e) => e.recordId)).size).toBe(500);
    expect(mine.every((e) => e.action === 'create' && e.via === 'import' && e.actorId === t.adminId)).toBe(true);

    // score 1 for every record: only the 250 with score 0 change.
    const updated = await asImport((ctx) => updateMatching(ctx, lead, { notes: { eq: 'import' } }, { score: 1 }));
    expect(updated).toHaveLength(500);
    const after = (await entries(t, 'lead')).filter((e) => ids.includes(e.recordId) && e.action === 'update');
    expect(after).toHaveLength(250);
    expect(after.every((e) => JSON.stringify(e.changes) === JSON.stringify({ score: [0, 1] }))).toBe(true);
  });
});

describe('an update\'s entry', () => {
  /** Runs an update and counts audit's reads of the record's values (readValues). */
  async function counted(work: (ctx: OperationContext) => Promise<unknown>): Promise<number> {
    let reads = 0;
    await asImport((ctx) => {
      const db = new Proxy(ctx.db, {
        get(target, key) {
          if (key === 'query') return (text: unknown, ...rest: unknown[]) => { if (typeof text === 'string' && text.startsWith('select clock_timestamp()::text as "__at"')) reads += 1; return (target.query as (...a: unknown[]) => unknown)(text, ...rest); };
          const value = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return work({ ...ctx, db });
    });
    return reads;
  }

  it('is built from the values written, without reading the record back; a value not stored as given is read back', async () => {
    const lead = (await server.platform.schemas.get(t.id)).model.objects.get('lead')!;
    const [id] = await asImport((ctx) => createRecords(ctx, lead, [{ name: 'Written', score: 1, rating: 1.5, amount: { amount: 10, currency: 'CNY' }, tags: ['hot'], body: '<p>x</p>' }]));
    // Only the values before are read (locked): the values after are the ones written, normalized.
    expect(await counted((ctx) => updateRecord(ctx, lead, id, { score: 2, rating: 2.25, amount: { amount: 12 }, tags: ['vip', 'hot'], body: '<p>y</p>', notes: null }))).toBe(1);
    // A number past its scale is stored rounded: read back, so history says what is stored.
    expect(await counted((ctx) => updateRecord(ctx, lead, id, { rating: 3.14159 }))).toBe(2);
    expect(await counted((ctx) => updateMatching(ctx, lead, { name: { eq: 'Written' } }, { score: 3 }))).toBe(1);
    // jsonb orders an object's keys its own way: read back, so history says what is stored.
    expect(await counted((ctx) => updateRecord(ctx, lead, id, { extra: { zz: 1, a: 2 } }))).toBe(2);
    const list = (await entries(t, 'lead', id)).filter((e) => e.action === 'update');
    // What the entry says is what is stored (an amount without a currency is stored with the field's default).
    expect((await t.sql(`select "amount__currency" as c from "${t.schema}"."lead" where id = $1`, [id]))[0].c).toBe('USD');
    expect(list.map((e) => e.changes)).toEqual([
      { score: [1, 2], rating: [1.5, 2.25], amount: [{ amount: 10, currency: 'CNY' }, { amount: 12, currency: 'USD' }], tags: [['hot'], ['vip', 'hot']], body: ['<p>x</p>', '<p>y</p>'] },
      { rating: [2.25, 3.14] },
      { score: [2, 3] },
      { extra: [null, { a: 2, zz: 1 }] },
    ]);
    expect(JSON.stringify(list[3].changes.extra[1])).toBe('{"a":2,"zz":1}');
  });
});

describe('other hooks', () => {
  it('an after-write hook changing the record again: its own entry, after the write\'s (which records only the write)', async () => {
    const pipeline = new SavePipeline();
    for (const hook of auditHooks()) pipeline.use(hook);
    let oldSeen: unknown = 'not run';
    pipeline.use({ name: 'trigger.before', step: 'beforeWrite', async run(_ctx, batch) { if (batch.kind === 'update') oldSeen = batch.old; } });
    pipeline.use({
      name: 'trigger.after', step: 'afterWrite',
      async run(ctx, batch) {
        if (batch.kind === 'create') for (const id of batch.ids) await updateRecord({ ...ctx, depth: ctx.depth + 1 }, batch.object, id, { score: 99 });
      },
    });
    const lead = (await server.platform.schemas.get(t.id)).model.objects.get('lead')!;
    const [id] = await asImport((ctx) => createRecords(ctx, lead, [{ name: 'Triggered', score: 1 }]), pipeline);
    const list = await entries(t, 'lead', id);
    expect(list.map((e) => [e.action, e.changes.score])).toEqual([['create', [null, 1]], ['update', [1, 99]]]);
    expect(oldSeen).toBeUndefined();
  });
});

describe('retention', () => {
  it('purges entries older than the tenant\'s auditRetentionDays (default 365), keeps the rest', async () => {
    const other = await fixtureTenant(server);
    // Entries written `days` ago: their time-ordered ids (UUIDv7) too.
    const insert = (tenant: FixtureTenant, days: number) => {
      const at = new Date(Date.now() - days * 86_400_000);
      const id = firstIdAt(at).slice(0, 24) + randomBytes(6).toString('hex');
      return tenant.sql(`insert into "${tenant.schema}"."_audit" ("id", "object", "recordId", "action", "via", "at") values ($1, 'lead', tessera.new_id(), 'create', 'api', $2)`, [id, at]);
    };
    for (const days of [400, 200, 20]) { await insert(t, days); await insert(other, days); }
    await t.sql(`update tessera.tenants set settings = settings || '{"auditRetentionDays": 30}'::jsonb where id = $1`, [t.id]);
    await purgeAuditHistory(server.platform.pool);
    const ages = async (tenant: FixtureTenant) => (await tenant.sql(`select round(extract(epoch from now() - at) / 86400)::int as d from "${tenant.schema}"."_audit" where at < now() - interval '1 day' order by d`)).map((r) => r.d);
    expect(await ages(t)).toEqual([20]);
    expect(await ages(other)).toEqual([20, 200]);
  });
});
