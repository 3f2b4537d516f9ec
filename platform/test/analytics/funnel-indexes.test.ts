import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { analyticsTenant, ok, type AnalyticsTenant } from './support.ts';

/**
 * The funnel's indexes are derived from the metadata (apply/funnel-indexes.ts): one per tracked
 * stage field, and one per funnel a dashboard shows grouped by a field; each makes the funnel's
 * grouped count an index-only scan. A dashboard's removal drops its index; so does untracking.
 */
let server: RunningServer;
let t: AnalyticsTenant;
const CHANNEL = { name: 'channel', type: 'select', options: [{ value: 'web' }, { value: 'ads' }] };
const stage = (tracked: boolean) => ({ name: 'stage', type: 'select', ...(tracked ? { trackStages: true } : {}), options: [{ value: 'New' }, { value: 'Won', outcome: 'won' }] });
const lead = (tracked: boolean) => ({ name: 'lead', fields: [{ name: 'name', type: 'text' }, CHANNEL, stage(tracked)] });
const SAVE = 'mutation($input: SaveDashboardInput!) { saveDashboard(input: $input) { id } }';

const indexesOf = async (tenant: AnalyticsTenant) => (await tenant.sql(`select indexdef as def from pg_indexes where schemaname = $1 and indexname like 'fn\\_%'`, [tenant.schema]))
  .map((r: any) => r.def.replace(/^.* USING btree /, '').replace(/_reach_[0-9a-f]+/g, '_reach')).sort();
const indexes = () => indexesOf(t);

beforeAll(async () => {
  server = await startTestServer();
  t = await analyticsTenant(server, { objects: [lead(false)] });
});
afterAll(async () => { await server?.close(); });

describe('funnel indexes', () => {
  it('follow tracking and the dashboards\' funnels, and serve the funnel\'s grouped count by an index-only scan', async () => {
    expect(await indexes()).toEqual([]);
    const on = ok(await t.apply({ objects: [lead(true)] })).applyMetadata.changes;
    expect(on.flatMap((c: any) => c.notes).join(' ')).toMatch(/serves the stage funnel by an index-only scan/);
    expect(await indexes()).toEqual(['(_reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)']);

    const funnel = { id: 'f1', type: 'funnel', object: 'lead', stageField: 'stage', groupBy: 'channel' };
    const id = ok(await t.md(SAVE, { input: { name: 'Sales', blocks: [funnel] } })).saveDashboard.id;
    expect(await indexes()).toEqual(['(_reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)', '(channel, _reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)']);

    // The funnel's statement (one grouped count of live records) can be answered from the index alone.
    const [reach] = (await t.sql(`select column_name as c from information_schema.columns where table_schema = $1 and table_name = 'lead' and column_name like '\\_reach\\_%'`, [t.schema])).map((r: any) => r.c);
    await t.sql(`insert into "${t.schema}".lead (name, channel, stage, "${reach}", "createdAt", "updatedAt") select 'l' || i, case when i % 3 = 0 then 'ads' else 'web' end, 'New', 'New', now(), now() from generate_series(1, 2000) i`);
    await t.sql(`vacuum analyze "${t.schema}".lead`);
    const client = await server.platform.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      const plan = (await client.query(`explain select "channel", "${reach}", count(*) from "${t.schema}".lead where "deletedAt" is null group by 1, 2`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      // Index-only once VACUUM could mark the pages all-visible; a transaction another suite holds open on
      // the shared cluster can keep them from it, and the planner then reads the same index with the heap.
      expect(plan).toMatch(/Index (Only )?Scan using fn_/);
      await client.query('rollback');
    } finally { client.release(); }
    expect(ok(await t.api('{ funnel(object: "lead", stageField: "stage", groupBy: "channel") }')).funnel.groups.map((g: any) => [g.key, g.steps[0].count])).toEqual([['web', 1334], ['ads', 666]]);

    ok(await t.md('mutation($id: ID!) { deleteDashboard(id: $id) }', { id }));
    expect(await indexes()).toEqual(['(_reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)']);
    ok(await t.apply({ objects: [lead(false)] }));
    expect(await indexes()).toEqual([]);
  });

  it('a dashboard applied as metadata builds its funnel\'s index in the same change, and says so in the plan', async () => {
    const t = await analyticsTenant(server, { objects: [lead(false)] });
    ok(await t.apply({ objects: [lead(true)] }));
    expect(await indexesOf(t)).toEqual(['(_reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)']);
    const res = ok(await t.apply({ dashboards: [{ name: 'Channels', blocks: [{ id: 'f1', type: 'funnel', object: 'lead', stageField: 'stage', groupBy: 'channel' }] }] })).applyMetadata;
    const changes = res.changes;
    expect(changes.flatMap((c: any) => c.notes).join(' ')).toMatch(/serves the stage funnel by channel/);
    expect(await indexesOf(t)).toContain('(channel, _reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)');
  });

  it('tracking turned on together with a dashboard that shows its funnel: both indexes, in one change', async () => {
    const u = await analyticsTenant(server, { objects: [lead(false)] });
    ok(await u.apply({ objects: [lead(true)], dashboards: [{ name: 'Sales', blocks: [{ id: 'f1', type: 'funnel', object: 'lead', stageField: 'stage', groupBy: 'channel' }] }] }));
    expect(await indexesOf(u)).toEqual(['(_reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)', '(channel, _reach) INCLUDE ("createdAt") WHERE ("deletedAt" IS NULL)']);
  });
});
