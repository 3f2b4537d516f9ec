import type { Actor } from '@tessera/platform';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';
import { startChild } from '../data-api/child.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const STAGES = ['UQL', 'MQL', 'SQL', 'WON', 'LOST'];
const CHANNELS = ['website', 'sem', 'appStore', 'community', 'douyin', 'wechat', 'partner', 'tradeShow', 'referral', 'swap'];

const lead = (tracked: boolean) => ({
  name: 'lead',
  fields: [
    { name: 'name', type: 'text' },
    { name: 'channel', type: 'select', options: CHANNELS.map((value) => ({ value })) },
    { name: 'status', type: 'select', ...(tracked ? { trackStages: true } : {}), options: STAGES.map((value) => ({ value, ...(value === 'WON' ? { outcome: 'won' } : value === 'LOST' ? { outcome: 'lost' } : {}) })) },
  ],
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The funnel (issue 15, item 8) over BENCH_FUNNEL_LEADS leads (default 200,000; 1,000,000 for the
 * issue's figure) in 10 channels: loaded with INSERT … SELECT (a stage falling off at each step),
 * then `trackStages` turned on by a metadata change that also adds a dashboard showing the funnel by
 * channel (each record's stage back-filled into the history, its furthest step computed, the
 * funnels' covering indexes built, the table vacuumed), then `funnel(groupBy: "channel")` on a server in its own
 * process, one request at a time: p50 and p95 of the round trip, with and without a date range.
 */
export async function funnelSuite(ctx: BenchContext): Promise<void> {
  const size = num('BENCH_FUNNEL_LEADS', 200_000);
  const runs = num('BENCH_FUNNEL_RUNS', 50);
  console.log(`\n## Funnel (issue 15): ${size.toLocaleString('en')} leads by channel\n`);
  const tenant = await ctx.newTenant('bench-funnel');
  const { pool, metadata } = ctx.platform;
  await metadata.applyMetadata(tenant.id, actor, { objects: [lead(false)] });
  const client = await pool.connect();
  await client.query('SET statement_timeout = 0');
  await client.query('SELECT setseed(0.15)');
  const load = await time(() => client.query(`INSERT INTO "${tenant.schema}"."lead" ("name", "channel", "status", "createdAt", "updatedAt")
    SELECT 'lead ' || i, (ARRAY[${CHANNELS.map((c) => `'${c}'`).join(',')}])[1 + floor(random() * ${CHANNELS.length})::int],
           CASE WHEN r < 0.45 THEN 'UQL' WHEN r < 0.70 THEN 'MQL' WHEN r < 0.82 THEN 'SQL' WHEN r < 0.90 THEN 'WON' ELSE 'LOST' END, c, c
      FROM (SELECT i, random() r, now() - random() * interval '730 days' AS c FROM generate_series(1, ${size}) i) g`));
  await client.query(`ANALYZE "${tenant.schema}"."lead"`);
  client.release();
  // The sales dashboard shows the funnel by channel: the metadata engine derives its covering index from it.
  const on = await time(() => metadata.applyMetadata(tenant.id, actor, { objects: [lead(true)], dashboards: [{ name: 'Sales', blocks: [{ id: 'funnel', type: 'funnel', object: 'lead', stageField: 'status', groupBy: 'channel' }] }] }));
  await pool.query(`ANALYZE "${tenant.schema}"."lead"`);
  await pool.query(`ANALYZE "${tenant.schema}"."_stage_history"`);
  const size2 = (rel: string) => pool.query(`select pg_total_relation_size(to_regclass($1))::bigint as b`, [`"${tenant.schema}".${rel}`]).then((r) => Number(r.rows[0].b) / 2 ** 20);
  console.log(`loaded in ${fmt(load.ms)}; the metadata change turning trackStages on with a dashboard showing the funnel by channel (back-fill of ${size.toLocaleString('en')} stays, furthest steps, the funnels' indexes, a vacuum): ${fmt(on.ms)}`);
  console.log(`lead table ${(await size2('"lead"')).toFixed(0)} MB, stage history ${(await size2('"_stage_history"')).toFixed(0)} MB`);

  const server = await startChild('tessera', 'tessera.ts', { DATABASE_URL: ctx.databaseUrl, LOG_LEVEL: 'warn' });
  try {
    const funnel = async (variables: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
        body: JSON.stringify({ query: 'query($g: String, $from: DateTime) { funnel(object: "lead", stageField: "status", groupBy: $g, from: $from) }', variables }),
      });
      const body = (await res.json()) as { data?: { funnel: { steps: { count: number }[]; groups: unknown[] } }; errors?: unknown[] };
      if (body.errors) throw new Error(`funnel: ${JSON.stringify(body.errors)}`);
      return body.data!.funnel;
    };
    const rows: Record<string, string | number>[] = [];
    const cases: [string, Record<string, unknown>, string][] = [
      ['grouped by channel', { g: 'channel' }, '< 100 ms'],
      ['grouped by channel, created in the last 90 days', { g: 'channel', from: new Date(Date.now() - 90 * 86_400_000).toISOString() }, ''],
      ['no group', {}, ''],
    ];
    for (const [what, variables, goal] of cases) {
      for (let i = 0; i < 3; i++) await funnel(variables);
      const times: number[] = [];
      let first = 0;
      for (let i = 0; i < runs; i++) {
        const t = await time(() => funnel(variables));
        times.push(t.ms);
        first = t.result.steps[0].count;
      }
      rows.push({ funnel: what, 'records at step 1': first.toLocaleString('en'), p50: fmt(median(times)), p95: fmt(percentile(times, 95)), goal: goal ? `p50 ${goal}` : '' });
    }
    table(rows);
    console.log(`Each figure: ${runs} requests one after another (after 3 of warm-up) to POST /graphql, as the tenant's administrator.`);
  } finally {
    await server.stop();
  }
}
