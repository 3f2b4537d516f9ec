import { inTransaction, type Actor } from '@tessera/platform';
import { createWorkflowsPlugin } from '@tessera/runtime/workflows';
import { createPoolsPlugin, recycleDue } from '@tessera/runtime/pools';
import { fmt, table, time, type BenchContext } from '../harness.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const LEAD = { name: 'lead', fields: [{ name: 'name', type: 'text', required: true }] };

/**
 * Pools (issue 15): the sweep that returns overdue records to their public pool — BENCH_POOL_RECORDS
 * leads owned by 200 reps, BENCH_POOL_OVERDUE of them past their deadline; one sweep (the `sweep`
 * job's work: batches of 2,000, each one owner write through the save pipeline with history, audit
 * and change events) in one transaction. Goal (issue 15): 10k overdue among 1M pooled < 2 s.
 */
export async function poolsSuite(ctx: BenchContext): Promise<void> {
  const { platform } = ctx;
  const n = num('BENCH_POOL_RECORDS', 1_000_000);
  const overdue = num('BENCH_POOL_OVERDUE', 10_000);
  console.log(`\n## Pools (issue 15): sweep of ${overdue} overdue among ${n} pooled leads\n`);
  if (!platform.plugins.has('workflows')) await platform.plugins.install(createWorkflowsPlugin());
  const plugin = createPoolsPlugin();
  await platform.plugins.install(plugin);
  const t = await ctx.newTenant('bench-pools');
  await platform.metadata.applyMetadata(t.id, actor, { objects: [LEAD], pools: [{ name: 'main', object: 'lead', default: true, privateCap: 100_000, firstFollowUp: 'PT24H', overdue: 'P15D' }] });
  await platform.models.get(t.id);
  const services = (platform.plugins as unknown as { servicesFor(p: unknown): any }).servicesFor(plugin);
  await inTransaction(platform.pool, 600_000, async (db) => {
    for (const m of plugin.migrations ?? []) if (m.scope === 'tenant') await m.up(db, { schema: t.schema, tenantId: t.id });
  });
  const { rows: reps } = await platform.pool.query<{ id: string }>(`insert into tessera.users (id, tenant_id, email, name, locale, is_admin) select gen_random_uuid(), $1, 'rep' || g || '-' || $2 || '@bench.local', 'Rep ' || g, 'en', false from generate_series(1, 200) g returning id`, [t.id, Date.now()]);
  const now = services.clock.now() as Date;
  const { ms: loadMs } = await time(() => inTransaction(platform.pool, 1_800_000, async (db) => {
    // In chunks (one statement per 100k rows), every record with its pool row; the first `overdue` are past their deadline.
    for (let from = 0; from < n; from += 100_000) {
      const count = Math.min(100_000, n - from);
      await db.query(`with made as (insert into "${t.schema}"."lead" (id, name, "ownerId", "createdAt", "updatedAt") select gen_random_uuid(), 'lead ' || g, ($2::uuid[])[1 + g % 200], now(), now() from generate_series($3::int + 1, $3::int + $1::int) g returning id, "ownerId", name)
        insert into "${t.schema}"._pool_records (object, record_id, pool, owner_id, entered_at, due_at, due_reason)
        select 'lead', id, 'main', "ownerId", $4::timestamptz - interval '2 days', case when substr(name, 6)::int <= $5 then $4::timestamptz - interval '1 day' else $4::timestamptz + interval '10 days' end, 'FIRST_FOLLOW_UP_OVERDUE' from made`,
        [count, reps.map((r) => r.id), from, now, overdue]);
    }
  }));
  await platform.pool.query(`analyze "${t.schema}"."lead"`);
  await platform.pool.query(`analyze "${t.schema}"._pool_records`);
  const { ms, result } = await time(() => inTransaction(platform.pool, 600_000, async (db) => {
    const { op } = await services.asSystem(t.id, db, { via: 'workflow' });
    return recycleDue(op, 'lead', now, { batch: num('BENCH_POOL_BATCH', 2000) });
  }));
  const { rows: [check] } = await platform.pool.query(`select count(*) filter (where "ownerId" is null)::int as public from "${t.schema}"."lead"`);
  table([
    { what: `load ${n} leads and their pool rows`, value: fmt(loadMs), goal: '' },
    { what: `sweep: ${overdue} overdue among ${n} pooled, back to the public pool (history, audit, events)`, value: `${fmt(ms)} (${result} recycled; ${check.public} public)`, goal: '< 2 s' },
  ]);
}
