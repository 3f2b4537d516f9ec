import { create, DEFAULT_LIMITS, inTransaction, type Actor } from '@tessera/platform';
import { createWorkflowsPlugin } from '@tessera/runtime/workflows';
import { cpuSeconds, fmt, median, table, time, type BenchContext } from '../harness.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const LEAD = { name: 'lead', fields: [{ name: 'name', type: 'text', required: true }, { name: 'touches', type: 'integer' }, { name: 'status', type: 'text' }] };

/**
 * Workflows (issue 14). Steps per second: BENCH_WF_RUNS runs of a 10-step workflow (branches and
 * updates through the save pipeline, each step's history entry committed with its effect), started
 * at once and run by this process's job workers (goal ≥ 2,000 on 2 cores), and the CPU a step
 * costs (this process and the database's backends): on a machine shared with other work wall
 * time swings with the load, CPU per step does not — ≤ 1,000 µs is ≥ 2,000 steps/s on 2 idle cores. The cost a
 * record-triggered workflow adds to a write: bulk creates of 100 leads in a tenant with an active
 * create-triggered workflow against one without (goal ≤ 1.2×); the run itself happens after
 * commit, so the write pays only for what is on its path (the outbox it already writes).
 */
export async function workflowsSuite(ctx: BenchContext): Promise<void> {
  const { platform } = ctx;
  const runs = num('BENCH_WF_RUNS', 300);
  const rounds = num('BENCH_WF_ROUNDS', 15);
  console.log(`\n## Workflows (issue 14): ${runs} runs × 10 steps; write cost over ${rounds} rounds of 100 records\n`);
  if (!platform.plugins.has('workflows')) await platform.plugins.install(createWorkflowsPlugin());
  platform.events.start();
  await platform.jobs.start();
  const steps = Array.from({ length: 5 }, (_, i) => [
    { id: `check${i}`, type: 'branch', branches: [{ when: 'touches > 1000', next: 'end' }] },
    { id: `touch${i}`, type: 'update', data: { touches: { expr: 'IF(ISBLANK(touches), 0, touches) + 1' } } },
  ]).flat();
  const t = await ctx.newTenant('bench-wf');
  await platform.metadata.applyMetadata(t.id, actor, { objects: [LEAD], workflows: [{ name: 'tenSteps', object: 'lead', trigger: { type: 'manual' }, steps }] });
  // The tenant's first load (its plugin tables), then the records and runs in one statement each.
  await platform.models.get(t.id);
  const schema = t.schema;
  await platform.pool.query(`insert into "${schema}"."lead" (id, name, "createdAt", "updatedAt") select gen_random_uuid(), 'lead ' || g, now(), now() from generate_series(1, $1) g`, [runs]);
  const { rows: [{ version }] } = await platform.pool.query('select max(version)::int as version from tessera.workflow_versions where tenant_id = $1 and workflow = $2', [t.id, 'tenSteps']);
  const { rows: runIds } = await platform.pool.query(`insert into "${schema}"._workflow_runs (id, workflow, version, status, object, record_id, trigger, step, started_at, updated_at)
    select gen_random_uuid(), 'tenSteps', $1, 'running', 'lead', id, '{}', 'check0', now(), now() from "${schema}"."lead" returning id`, [version]);
  const done = async () => (await platform.pool.query(`select count(*)::int as n from "${schema}"._workflow_runs where status <> 'running'`)).rows[0].n as number;
  const cpuBefore = await cpuSeconds(platform.pool);
  const { ms } = await time(async () => {
    await platform.jobs.insert(runIds.map((r) => ({ name: 'workflows/advance', id: crypto.randomUUID(), tenantId: t.id, payload: { tenantId: t.id, runId: r.id } })));
    while ((await done()) < runs) await new Promise((r) => setTimeout(r, 50));
  });
  const cpuAfter = await cpuSeconds(platform.pool);
  const { rows: [check] } = await platform.pool.query(`select count(*)::int as steps, count(*) filter (where status = 'completed')::int as completed from "${schema}"._workflow_steps`);
  const { rows: [touched] } = await platform.pool.query(`select count(*) filter (where touches = 5)::int as n from "${schema}"."lead"`);

  // The write cost: the same bulk creates with and without a create-triggered workflow, alternating.
  const plain = await ctx.newTenant('bench-wf-plain');
  const triggered = await ctx.newTenant('bench-wf-trig');
  await platform.metadata.applyMetadata(plain.id, actor, { objects: [LEAD] });
  await platform.metadata.applyMetadata(triggered.id, actor, { objects: [LEAD], workflows: [{ name: 'onCreate', object: 'lead', trigger: { type: 'record', on: ['create'] }, steps: [{ id: 'mark', type: 'update', data: { status: 'seen' } }] }] });
  const write = async (tenantId: string, round: number) => {
    const { model } = await platform.models.get(tenantId);
    const principal = { tenantId, userId: null, via: 'api', settings: {}, isAdmin: true } as never;
    return (await time(() => inTransaction(platform.pool, 60_000, (db) => create({ principal, model, limits: DEFAULT_LIMITS, db, via: 'api', pipeline: platform.pipeline, depth: 0, commands: platform.plugins.run }, model.objects.get('lead')!, Array.from({ length: 100 }, (_, i) => ({ name: `r${round}.${i}` })))))).ms;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    a.push(await write(plain.id, round));
    b.push(await write(triggered.id, round));
    platform.events.wake(triggered.id);
  }
  const marked = async () => (await platform.pool.query(`select count(*)::int as n from "${triggered.schema}"."lead" where status = 'seen'`)).rows[0].n as number;
  const until = Date.now() + 120_000;
  while ((await marked()) < rounds * 100 && Date.now() < until) { platform.events.wake(triggered.id); await new Promise((r) => setTimeout(r, 200)); }
  table([
    { what: `workflow steps per second: ${runs} runs × 10 steps (5 branches, 5 updates through the save pipeline), each step committed with its history entry`, value: `${((check.completed / ms) * 1000).toFixed(0)} steps/s (${check.completed} steps in ${fmt(ms)}; ${touched.n} of ${runs} records touched 5 times)`, goal: '≥ 2,000' },
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? [{ what: 'CPU per step (this process and the database\'s backends; steady under load, unlike wall time)', value: `${(((cpuAfter - cpuBefore) / check.completed) * 1e6).toFixed(0)} µs (${(check.completed / (cpuAfter - cpuBefore)).toFixed(0)} steps per CPU second)`, goal: '' }] : []),
    { what: `bulk create of 100 leads, no workflow (median of ${rounds})`, value: fmt(median(a)), goal: '' },
    { what: 'the same with an active create-triggered workflow', value: fmt(median(b)), goal: '' },
    { what: 'cost a record-triggered workflow adds to a write (ratio of the medians)', value: `${(median(b) / median(a)).toFixed(2)}×`, goal: '≤ 1.2×' },
    { what: 'runs the triggered writes started, completed (check)', value: `${await marked()} of ${rounds * 100}`, goal: '' },
  ]);
}
