import { createRecords, inTransaction, SavePipeline, Tracer, type OperationContext } from '@tessera/platform';
import { DEFAULT_LIMITS } from '../../platform/src/model/index.ts';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const BATCH = 10_000;
const ROUNDS = num('BENCH_KERNEL_ROUNDS', 9);
const JOBS = num('BENCH_KERNEL_JOBS', 20_000);
const TIMERS = num('BENCH_KERNEL_TIMERS', 1_000_000);
const DUE = 10_000;
const TIMER_TENANTS = 10;

/**
 * Issue 11's figures: what change events add to a bulk write (the outbox rows, one statement per
 * batch, in the write's transaction), how many jobs per second the queue runs on this machine, and
 * how long a sweep takes to find and fire 10,000 due timers among 1,000,000 pending.
 */
export async function kernelSuite(ctx: BenchContext): Promise<void> {
  console.log(`\n## Kernel: change events, jobs, timers (issue 11)\n`);
  const rows: Record<string, string>[] = [];
  rows.push(...(await outboxCost(ctx)));
  rows.push(await jobThroughput(ctx));
  rows.push(await timerSweep(ctx));
  table(rows);
}

/** Bulk creates of 10,000 records through the whole pipeline, with and without its outbox hook, alternating. */
async function outboxCost(ctx: BenchContext): Promise<Record<string, string>[]> {
  const platform = ctx.platform;
  const withOutbox = await ctx.newTenant('bench-k-outbox');
  const without = await ctx.newTenant('bench-k-plain');
  for (const t of [withOutbox, without]) {
    await platform.metadata.createObject(t.id, { userId: null, via: 'system' }, { name: 'lead', fields: [{ name: 'name', type: 'text' }, { name: 'score', type: 'integer' }, { name: 'email', type: 'email' }] });
  }
  const plain = new SavePipeline();
  for (const hook of platform.pipeline.hooks) if (hook.name !== 'events.outbox') plain.use(hook);
  const records = Array.from({ length: BATCH }, (_, i) => ({ name: `lead ${i}`, score: i % 100, email: `lead${i}@example.com` }));
  const outboxStep: number[] = [];
  const run = async (tenant: { id: string; adminId: string }, pipeline: SavePipeline, round: number) => {
    const { model } = await platform.schemas.get(tenant.id);
    const principal = { tenantId: tenant.id, userId: tenant.adminId, via: 'api' } as OperationContext['principal'];
    const tracer = new Tracer();
    const { ms } = await time(() => inTransaction(platform.pool, 120_000, (db) =>
      createRecords({ principal, model, limits: DEFAULT_LIMITS, db, via: 'import', pipeline, depth: 0, tracer }, model.objects.get('lead')!, records.map((r) => ({ ...r, email: `r${round}.${r.email}` })))));
    const step = tracer.steps.filter((s) => s.hook === 'events.outbox').reduce((sum, s) => sum + s.ms, 0);
    if (step && round >= 0) outboxStep.push(step);
    return ms;
  };
  await run(withOutbox, platform.pipeline, -1);
  await run(without, plain, -1);
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0;
    const x = first ? await run(without, plain, round) : 0;
    const y = await run(withOutbox, platform.pipeline, round);
    const z = first ? x : await run(without, plain, round);
    a.push(z);
    b.push(y);
    ratios.push(y / z);
  }
  const outbox = await platform.pool.query(`select count(*)::int as n from "${withOutbox.schema}"."_outbox"`);
  return [
    { what: `bulk create of ${BATCH.toLocaleString('en')} records (whole pipeline, audit included), without the outbox, median of ${ROUNDS}`, value: fmt(median(a)), goal: '' },
    { what: `same, with its ${BATCH.toLocaleString('en')} change events in the outbox (one statement)`, value: fmt(median(b)), goal: '' },
    { what: 'outbox cost: with / without (ratio of the medians; median of the rounds\' ratios)', value: `${(median(b) / median(a)).toFixed(3)}× (${median(ratios).toFixed(3)}×)`, goal: '≤ 1.15×' },
    { what: 'the outbox step itself (traced): per batch, per record, and as a share of the write without it', value: `${fmt(median(outboxStep))}, ${((median(outboxStep) * 1000) / BATCH).toFixed(2)} µs, ${((median(outboxStep) / median(a)) * 100).toFixed(1)}%`, goal: '≤ 15%' },
    { what: 'outbox rows written (check)', value: outbox.rows[0].n.toLocaleString('en'), goal: '' },
  ];
}

/** JOBS no-op jobs enqueued in bulk, then run by this process's workers (each in its transaction with its completion). */
async function jobThroughput(ctx: BenchContext): Promise<Record<string, string>> {
  const jobs = ctx.platform.jobs;
  const name = `bench-noop-${Date.now().toString(36)}`;
  let done = 0;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => (finish = resolve));
  jobs.define(name, async () => { if (++done === JOBS) finish(); }, { concurrency: 4 });
  for (let from = 0; from < JOBS; from += 5_000) {
    await jobs.insert(Array.from({ length: Math.min(5_000, JOBS - from) }, (_, i) => ({ name, id: crypto.randomUUID(), tenantId: null, payload: { i: from + i } })));
  }
  const { ms } = await time(async () => {
    await jobs.start();
    await all;
  });
  return { what: `jobs per second: ${JOBS.toLocaleString('en')} no-op jobs, each run in a transaction that records its completion (4 workers × batches of 25)`, value: `${((JOBS / ms) * 1000).toFixed(0)} jobs/s`, goal: '≥ 2,000' };
}

/**
 * TIMERS pending timers in TIMER_TENANTS tenants, spread over the next year. Three times: DUE of
 * them (others each time) made due, then one sweep fires them into jobs; the median is reported.
 */
async function timerSweep(ctx: BenchContext): Promise<Record<string, string>> {
  const platform = ctx.platform;
  const name = `bench-timer-${Date.now().toString(36)}`;
  platform.jobs.define(name, async () => {});
  const now = platform.clock.now();
  const tenants = [];
  for (let i = 0; i < TIMER_TENANTS; i++) tenants.push(await ctx.newTenant(`bench-k-timers-${i}`));
  const perTenant = TIMERS / TIMER_TENANTS;
  const duePerTenant = DUE / TIMER_TENANTS;
  for (const t of tenants) {
    await platform.pool.query(`insert into "${t.schema}"."_timers" ("key", "dueAt", "job", "payload", "jobId")
      select 'k' || g, $1::timestamptz + (g * interval '30 seconds'), $2, jsonb_build_object('n', g), gen_random_uuid() from generate_series(1, $3) g`, [now.toISOString(), name, perTenant]);
    await platform.pool.query(`vacuum analyze "${t.schema}"."_timers"`);
  }
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const t of tenants) {
      await platform.pool.query(`update "${t.schema}"."_timers" set "dueAt" = $1::timestamptz - interval '1 minute' where "key" = any(array(select 'k' || g from generate_series($2::int, $3::int) g))`,
        [now.toISOString(), round * duePerTenant + 1, (round + 1) * duePerTenant]);
      await platform.pool.query(`insert into tessera.timer_index (tenant_id, schema_name, next_due) values ($1, $2, $3) on conflict (tenant_id) do update set next_due = excluded.next_due`, [t.id, t.schema, new Date(now.getTime() - 60_000).toISOString()]);
    }
    // Not the sweep's cost: flush what the set-up wrote (superusers only; skipped otherwise).
    await platform.pool.query('checkpoint').catch(() => {});
    const { ms, result } = await time(() => platform.timers.sweep(now));
    if (result.fired !== DUE) throw new Error(`the sweep fired ${result.fired} timers, not ${DUE}`);
    times.push(ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { what: `find and fire ${DUE.toLocaleString('en')} due timers among ${TIMERS.toLocaleString('en')} pending (${TIMER_TENANTS} tenants) into jobs, one sweep; median of 3 (min–max)`, value: `${fmt(median(times))} (${fmt(sorted[0])}–${fmt(sorted[2])})`, goal: '< 1 s' };
}
