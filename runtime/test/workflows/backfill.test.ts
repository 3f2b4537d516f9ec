import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { startWorkflowServer, wfTenant, type WfTenant } from './support.ts';

/**
 * A date-relative trigger back-fills on activation: records that exist when the workflow becomes
 * active get their timers (in batches: two records a job here), those already past due do not;
 * deactivation takes the timers away. On the test clock.
 */
let server: RunningServer;
let t: WfTenant;
let schema: string;
beforeAll(async () => {
  process.env.TESSERA_WORKFLOW_BACKFILL_BATCH = '2';
  server = await startWorkflowServer();
  t = await wfTenant(server);
  schema = (await server.platform.pool.query('select schema_name from tessera.tenants where id = $1', [t.id])).rows[0].schema_name;
}, 120_000);
afterAll(async () => { delete process.env.TESSERA_WORKFLOW_BACKFILL_BATCH; await server?.close(); });

const timers = async () => (await server.platform.pool.query(`select "key", "dueAt" from "${schema}"._timers where starts_with("key", 'wf-date:followUp:') order by "dueAt"`)).rows as { key: string; dueAt: Date }[];
const overdue = async (id: string) => (await t.api('query($id: ID!) { lead(id: $id) { overdue } }', { id })).lead.overdue === true;
const rule = { name: 'followUp', object: 'lead', trigger: { type: 'date', field: 'assignedAt', offset: 'PT24H', condition: 'ISBLANK(firstFollowUpAt)' }, steps: [{ id: 'flag', type: 'update', data: { overdue: true } }] };

describe('a date-relative trigger activated over existing records', () => {
  it('gets timers for the records still to come due, batch by batch; deactivation removes them', async () => {
    await t.setClock('2031-05-01T00:00:00Z');
    const made = await t.api(`mutation {
      soon: createLead(data: {name: "Assigned an hour ago", assignedAt: "2031-04-30T23:00:00Z"}) { id }
      past: createLead(data: {name: "Due yesterday", assignedAt: "2031-04-29T18:00:00Z"}) { id }
      never: createLead(data: {name: "Not assigned"}) { id }
      done: createLead(data: {name: "Followed up", assignedAt: "2031-04-30T22:00:00Z", firstFollowUpAt: "2031-04-30T23:30:00Z"}) { id }
      later: createLead(data: {name: "Assigned now", assignedAt: "2031-05-01T00:00:00Z"}) { id } }`);
    expect(await timers()).toEqual([]);
    // Their change events delivered first: a create delivered after the activation is a change the rule sees (a timer, even past due).
    await t.until(() => server.platform.events.isIdle(t.id));
    await t.apply({ workflows: [rule] });
    // Five records, two a job: three jobs, then two timers (the others are past due, blank or followed up).
    const scheduled = await t.until(async () => { const rows = await timers(); return rows.length === 2 && rows; });
    expect(scheduled.map((r) => [r.key, new Date(r.dueAt).toISOString()])).toEqual([
      [`wf-date:followUp:${made.soon.id}`, '2031-05-01T23:00:00.000Z'],
      [`wf-date:followUp:${made.later.id}`, '2031-05-02T00:00:00.000Z'],
    ]);
    await t.advance('PT23H30M');
    expect(await overdue(made.soon.id)).toBe(true);
    expect(await overdue(made.later.id)).toBe(false);
    await t.advance('PT1H');
    expect(await overdue(made.later.id)).toBe(true);
    for (const id of [made.past.id, made.never.id, made.done.id]) expect(await overdue(id)).toBe(false);
    expect((await t.runs('followUp')).map((r: any) => r.recordId).sort()).toEqual([made.soon.id, made.later.id].sort());

    // A lead assigned while it is active has its timer (the subscriber); deactivating takes it away.
    const { createLead: fresh } = await t.api('mutation { createLead(data: {name: "Fresh", assignedAt: "2031-05-02T01:00:00Z"}) { id } }');
    await t.until(async () => (await timers()).length === 1);
    await t.apply({ workflows: [{ ...rule, active: false }] });
    await t.until(async () => (await timers()).length === 0);
    await t.advance('P2D');
    expect(await overdue(fresh.id)).toBe(false);

    // Active again: back-filled again (the fresh lead's due time is past by now: no timer, no storm of runs).
    const { createLead: next } = await t.api('mutation($at: DateTime!) { createLead(data: {name: "Next", assignedAt: $at}) { id } }', { at: '2031-05-04T02:00:00Z' });
    await t.until(() => server.platform.events.isIdle(t.id));
    await t.apply({ workflows: [{ ...rule, active: true }] });
    const again = await t.until(async () => { const rows = await timers(); return rows.length === 1 && rows; });
    expect(again[0].key).toBe(`wf-date:followUp:${next.id}`);
  });
});
