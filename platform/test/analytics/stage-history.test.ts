import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { analyticsTenant, at, ok, stays, type AnalyticsTenant } from './support.ts';

/**
 * Stage history on every write path (GraphQL single and bulk creates and updates, upserts, and the
 * local API that plugin commands and scripts write with: scripts' side in runtime/test), and
 * tracking turned on over existing records (back-filled), options reordered (furthest steps
 * recomputed from the history). Scripts' ctx.db: runtime/test/stage-history.test.ts.
 */
let server: RunningServer;
let t: AnalyticsTenant;

const OPTIONS = [{ value: 'New' }, { value: 'Contacted' }, { value: 'Qualified' }, { value: 'Won', outcome: 'won' }, { value: 'Lost', outcome: 'lost' }];
const lead = (stage: Record<string, unknown> = { trackStages: true }) => ({ name: 'lead', fields: [{ name: 'name', type: 'text', unique: true }, { name: 'stage', type: 'select', options: OPTIONS, ...stage }] });

const plugin = definePlugin({
  name: 'stage-mover', version: '1.0.0',
  commands: [{
    name: 'advance', objects: ['lead'], access: 'write',
    input: { type: 'object', properties: { stage: { type: 'string' } }, required: ['stage'] },
    async run(call) {
      await call.api.update('lead', call.id, { stage: (call.input as { stage: string }).stage });
      return null;
    },
  }],
});

const reach = async (id: string) => {
  const [column] = (await t.sql(`select column_name from information_schema.columns where table_schema = $1 and table_name = 'lead' and column_name like '_reach_%'`, [t.schema])).map((r) => r.column_name);
  return (await t.sql(`select "${column}" as r from "${t.schema}"."lead" where id = $1`, [id]))[0].r;
};

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_TEST_CLOCK: '1' } });
  await server.platform.plugins.install(plugin);
  t = await analyticsTenant(server, { objects: [lead()] });
});
afterAll(async () => { await server?.close(); });

describe('every write path keeps the history', () => {
  it('createLeads and updateLeads (bulk), updateLead, upsertLead, a command through the local API', async () => {
    at(server, '2025-05-01T00:00:00.000Z');
    const [a, b] = ok(await t.api('mutation { createLeads(data: [{name: "a", stage: New}, {name: "b", stage: Contacted}]) { id } }')).createLeads.map((r: any) => r.id);
    at(server, '2025-05-02T00:00:00.000Z');
    ok(await t.api('mutation { updateLeads(filter: {name: {in: ["a", "b"]}}, data: {stage: Qualified}) { count } }'));
    at(server, '2025-05-03T00:00:00.000Z');
    ok(await t.api('mutation($id: ID!) { updateLead(id: $id, data: {stage: Qualified, name: "a"}) { id } }', { id: a }));
    ok(await t.api('mutation { upsertLead(match: {name: "b"}, data: {name: "b", stage: Lost}) { id } }'));
    at(server, '2025-05-04T00:00:00.000Z');
    ok(await t.api('mutation($id: ID!) { leadAdvance(id: $id, input: {stage: "Won"}) }', { id: a }));
    const c = ok(await t.api('mutation { upsertLead(match: {name: "c"}, data: {name: "c", stage: Contacted}) { id } }')).upsertLead.id;
    const d = (n: number) => `2025-05-0${n}T00:00:00.000Z`;
    // The same value written again is no move.
    expect(await stays(t, a)).toEqual([['New', d(1), d(2)], ['Qualified', d(2), d(4)], ['Won', d(4), null]]);
    expect(await stays(t, b)).toEqual([['Contacted', d(1), d(2)], ['Qualified', d(2), d(3)], ['Lost', d(3), null]]);
    expect(await stays(t, c)).toEqual([['Contacted', d(4), null]]);
    // The furthest step: Lost is no step, so b stays at Qualified.
    expect([await reach(a), await reach(b), await reach(c)]).toEqual(['Won', 'Qualified', 'Contacted']);
  });

  it('a failed write leaves no history', async () => {
    const before = (await t.sql(`select count(*)::int as n from "${t.schema}"."_stage_history"`))[0].n;
    const res = await t.api('mutation { createLeads(data: [{name: "x1", stage: New}, {name: "x1", stage: New}]) { id } }');
    expect(res.errors).toBeDefined();
    expect((await t.sql(`select count(*)::int as n from "${t.schema}"."_stage_history"`))[0].n).toBe(before);
  });
});

describe('turning tracking on, and reordering', () => {
  it('back-fills each record\'s current stage, then keeps moves; a reorder recomputes the furthest steps', async () => {
    const u = await analyticsTenant(server, { objects: [lead({})] });
    at(server, '2025-06-01T00:00:00.000Z');
    const [p, q] = ok(await u.api('mutation { createLeads(data: [{name: "p", stage: Qualified}, {name: "q"}]) { id } }')).createLeads.map((r: any) => r.id);
    expect((await u.sql(`select to_regclass($1) as t`, [`"${u.schema}"._stage_history`]))[0].t).toBeNull();
    at(server, '2025-06-02T00:00:00.000Z');
    const changes = ok(await u.apply({ objects: [lead()] })).applyMetadata.changes;
    expect(changes.flatMap((c: any) => c.notes).join(' ')).toContain('back-filled');
    // The back-fill rewrote every row: the table is vacuumed and analyzed right after commit (no dead row versions left to scan).
    expect(changes.flatMap((c: any) => c.statements)).toContain(`VACUUM (ANALYZE) "${u.schema}"."lead"`);
    expect(changes.flatMap((c: any) => c.notes).join(' ')).toMatch(/lead vacuumed and analyzed in \d+ ms/);
    // It ran (how many dead versions it could remove depends on the oldest snapshot another suite holds open on the shared cluster).
    const [stats] = await u.sql(`select last_vacuum is not null as vacuumed, last_analyze is not null as analyzed from pg_stat_user_tables where schemaname = $1 and relname = 'lead'`, [u.schema]);
    expect(stats).toEqual({ vacuumed: true, analyzed: true });
    const history = await u.sql(`select "recordId", "stage", "backfilled" from "${u.schema}"."_stage_history"`);
    expect(history).toEqual([{ recordId: p, stage: 'Qualified', backfilled: true }]);
    at(server, '2025-06-03T00:00:00.000Z');
    ok(await u.api('mutation($id: ID!) { updateLead(id: $id, data: {stage: Contacted}) { id } }', { id: q }));
    ok(await u.api('mutation($id: ID!) { updateLead(id: $id, data: {stage: New}) { id } }', { id: p }));
    const steps = async () => ok(await u.api('{ funnel(object: "lead", stageField: "stage") }')).funnel.steps.map((s: any) => s.count);
    expect(await steps()).toEqual([2, 2, 1, 0]);
    // Qualified before Contacted now: p (was at Qualified) reached 2 steps of 4 at the furthest, q 3.
    const reordered = [OPTIONS[0], OPTIONS[2], OPTIONS[1], OPTIONS[3], OPTIONS[4]];
    ok(await u.apply({ objects: [{ ...lead(), fields: [lead().fields[0], { ...lead().fields[1], options: reordered }] }] }));
    expect(ok(await u.api('{ funnel(object: "lead", stageField: "stage") }')).funnel.steps.map((s: any) => [s.stage, s.count])).toEqual([['New', 2], ['Qualified', 2], ['Contacted', 1], ['Won', 0]]);
    // Renaming the field keeps its history (by field id).
    ok(await u.md('mutation { updateField(object: "lead", name: "stage", input: {name: "phase"}) { name } }'));
    expect(ok(await u.api('{ funnel(object: "lead", stageField: "phase") }')).funnel.steps.map((s: any) => s.count)).toEqual([2, 2, 1, 0]);
  });

  it('a tracked field deleted and restored keeps its history and goes on', async () => {
    const u = await analyticsTenant(server, { objects: [lead()] });
    at(server, '2025-07-01T00:00:00.000Z');
    const id = ok(await u.api('mutation { createLead(data: {name: "r", stage: Contacted}) { id } }')).createLead.id;
    ok(await u.md('mutation { deleteField(object: "lead", name: "stage") { name } }'));
    at(server, '2025-07-02T00:00:00.000Z');
    ok(await u.md('mutation { restoreField(object: "lead", name: "stage") { name } }'));
    ok(await u.api('mutation($id: ID!) { updateLead(id: $id, data: {stage: Qualified}) { id } }', { id }));
    expect(await stays(u, id)).toEqual([['Contacted', '2025-07-01T00:00:00.000Z', '2025-07-02T00:00:00.000Z'], ['Qualified', '2025-07-02T00:00:00.000Z', null]]);
    expect(ok(await u.api('{ funnel(object: "lead", stageField: "stage") }')).funnel.steps.map((s: any) => s.count)).toEqual([1, 1, 1, 0]);
  });
});
