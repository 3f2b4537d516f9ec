import { inTransaction, type Actor } from '@tessera/platform';
import { createWorkflowsPlugin } from '@tessera/runtime/workflows';
import { createPoolsPlugin } from '@tessera/runtime/pools';
import { createAssignmentPlugin } from '@tessera/runtime/assignment';
import { fmt, table, time, type BenchContext } from '../harness.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const LEAD = { name: 'lead', fields: [{ name: 'name', type: 'text', required: true }, { name: 'channel', type: 'text' }] };

/**
 * Assignment (issue 15): records created without an owner, each given by the load-balanced rule
 * (lowest load / capacity among BENCH_ASSIGN_REPS reps, capacities 50–249, a pool cap) to a rep
 * in the create's own write — BENCH_ASSIGN_RECORDS leads in writes of BENCH_ASSIGN_BATCH, each a
 * transaction of its own through the whole save pipeline (guard, pool rows, history, audit, events).
 */
export async function assignmentSuite(ctx: BenchContext): Promise<void> {
  const { platform } = ctx;
  const n = num('BENCH_ASSIGN_RECORDS', 5_000);
  const batch = num('BENCH_ASSIGN_BATCH', 100);
  const repCount = num('BENCH_ASSIGN_REPS', 50);
  console.log(`\n## Assignment (issue 15): ${n} leads by the load-balanced rule among ${repCount} reps\n`);
  if (!platform.plugins.has('workflows')) await platform.plugins.install(createWorkflowsPlugin());
  if (!platform.plugins.has('pools')) await platform.plugins.install(createPoolsPlugin());
  const plugin = createAssignmentPlugin();
  await platform.plugins.install(plugin);
  const t = await ctx.newTenant('bench-assign');
  const { rows: reps } = await platform.pool.query<{ id: string }>(`insert into tessera.users (id, tenant_id, email, name, locale, is_admin) select gen_random_uuid(), $1, 'rep' || g || '-' || $2 || '@bench.local', 'Rep ' || g, 'en', false from generate_series(1, $3::int) g returning id`, [t.id, Date.now(), repCount]);
  await platform.metadata.applyMetadata(t.id, actor, {
    objects: [LEAD],
    pools: [{ name: 'main', object: 'lead', default: true, privateCap: 1_000_000 }],
    assignmentRules: [{ name: 'balanced', object: 'lead', strategy: 'loadBalanced', team: [{ type: 'user', users: reps.map((r) => r.id) }], capacities: reps.map((r, i) => ({ user: r.id, capacity: 50 + ((i * 37) % 200) })) }],
  });
  const services = (platform.plugins as unknown as { servicesFor(p: unknown): any }).servicesFor(plugin);
  const { ms } = await time(async () => {
    for (let from = 0; from < n; from += batch) {
      await inTransaction(platform.pool, 600_000, async (db) => {
        const { api } = await services.asSystem(t.id, db, { via: 'workflow' });
        await api.create('lead', Array.from({ length: Math.min(batch, n - from) }, (_, i) => ({ name: `lead ${from + i}`, channel: 'web', owner: null })));
      });
    }
  });
  const { rows: [check] } = await platform.pool.query(`select count(*) filter (where "ownerId" is null)::int as public, count(distinct "ownerId")::int as owners from "${t.schema}"."lead"`);
  table([
    { what: `${n} leads created in writes of ${batch}, each assigned (load-balanced, ${repCount} reps)`, value: `${fmt(ms)}: ${Math.round(n / (ms / 1000))} assignments/s (${check.public} left public, ${check.owners} reps)`, goal: '' },
  ]);
}
