import type pg from 'pg';
import type { PluginServices } from '@tessera/platform';
import type { Step, WorkflowItem } from './definition.ts';
import { lockRun, saveRun, versionOf, type HistoryEntry, type RunRow } from './runs.ts';
import { runStep, WAIT_TIMER, type StepEnv } from './steps.ts';
import { waitsTable } from './tables.ts';
import { evaluateIn, withLookups } from './values.ts';

/** Steps one job runs before it hands the rest of the run to a new job (other runs get their turn). */
const STEPS_PER_JOB = 50;
/** A run that takes more steps than this is looping: it fails. */
const MAX_STEPS = 10_000;

export interface EngineContext {
  services: PluginServices;
  tenantId: string;
  db: pg.PoolClient;
}

const tenants = new Map<string, { schema: string; settings: Record<string, unknown> }>();

/** A tenant's schema and settings (the schema never changes; settings are read fresh every minute). */
async function tenantOf(db: pg.PoolClient, tenantId: string): Promise<{ schema: string; settings: Record<string, unknown> }> {
  let t = tenants.get(tenantId);
  if (!t) {
    const { rows } = await db.query<{ schema_name: string; settings: Record<string, unknown> | null }>('select schema_name, settings from tessera.tenants where id = $1', [tenantId]);
    t = { schema: rows[0].schema_name, settings: rows[0].settings ?? {} };
    tenants.set(tenantId, t);
    setTimeout(() => tenants.delete(tenantId), 60_000).unref();
  }
  return t;
}

export async function schemaOf(db: pg.PoolClient, tenantId: string): Promise<string> {
  return (await tenantOf(db, tenantId)).schema;
}

const stepOf = (steps: Step[], id: string | null) => (id === null ? undefined : steps.find((s) => s.id === id));
/** Where a step goes by default: its `next`, else the step after it in the list (none: the end). */
function following(steps: Step[], step: Step): string | null {
  if (step.next) return step.next === 'end' ? null : step.next;
  return steps[steps.indexOf(step) + 1]?.id ?? null;
}

/**
 * Runs a run's steps from where it stands, in the job's transaction: each step's database effects
 * and its history entry (the completion mark) commit together with the job, so a crash at any point
 * leaves the run at its last committed step and the retried job goes on from there; nothing runs
 * twice. Stops at the end (completed; a waiting parent is resumed), at a wait (the run sleeps until
 * a timer, a record change, a delivery or a child resumes it), at a failure (failed, the error kept:
 * `retryWorkflowRun` goes on from the failed step), or after STEPS_PER_JOB (a new job goes on).
 * `resumed` is the output of the step a resume completes (the run moves past it first).
 *
 * Optimistic first: the job's steps run under ONE savepoint, without a savepoint per step or per
 * write (two statements each, a third of a step's cost). Steps seldom fail; when one does, the
 * whole pass is rolled back to that savepoint and run again carefully — each step in its own
 * savepoint, each write a unit — so the failed step's half-done effects go and the steps before it
 * keep theirs, exactly as if the careful pass had been the only one. Nothing of the first pass
 * survives its rollback (every effect, jobs and timers included, is a row in this transaction).
 */
export async function advance(ctx: EngineContext, runId: string, resumed?: { step: string; seq: number; output: unknown }): Promise<RunRow | undefined> {
  const { db, services, tenantId } = ctx;
  const { schema, settings } = await tenantOf(db, tenantId);
  const locked = await lockRun(db, schema, runId);
  if (!locked) return undefined;
  const run: RunRow = locked;
  const def = await versionOf(db, tenantId, run.workflow, run.version);
  const now = services.clock.now();
  // The resumed step's entry is written with the pass's (one statement, when the pass stops).
  const history: HistoryEntry[] = [];
  if (resumed) {
    if (run.status !== 'waiting' || run.step !== resumed.step || run.steps_done + 1 !== resumed.seq) return run; // stale: already resumed, or cancelled
    const step = stepOf(def.steps, run.step)!;
    history.push({ run: run.id, seq: resumed.seq, step: step.id, type: step.type, status: 'completed', input: null, output: resumed.output, startedAt: now, finishedAt: now });
    await db.query(`delete from ${waitsTable(schema)} where run_id = $1`, [run.id]);
    await services.cancelTimer(tenantId, WAIT_TIMER(run.id), db);
    run.vars = { ...run.vars, [step.id]: resumed.output };
    run.steps_done += 1;
    run.step = following(def.steps, step);
    run.status = 'running';
  }
  if (run.status !== 'running') return run;
  const pass = { ctx, schema, settings, def, now };
  await db.query('savepoint wf_job');
  try {
    return await runSteps(pass, { ...run }, [...history], false);
  } catch {
    await db.query('rollback to savepoint wf_job');
    return runSteps(pass, run, history, true);
  }
}

interface Pass { ctx: EngineContext; schema: string; settings: Record<string, unknown>; def: WorkflowItem; now: Date }

/**
 * One pass over a run's steps (advance). `careful`: each step in a savepoint, a step that throws
 * fails the run; otherwise a step that throws throws the pass away (advance runs it again carefully).
 */
async function runSteps({ ctx, schema, settings, def, now }: Pass, run: RunRow, history: HistoryEntry[], careful: boolean): Promise<RunRow> {
  const { db, services, tenantId } = ctx;
  const { op, api } = await services.asSystem(tenantId, db, { actorId: run.actor_id, savepoints: careful });
  // The pass's history entries (`history`: so far) are written with the run's state in one
  // statement when it stops (same transaction: they commit with the steps' effects or not at all).
  const stop = async () => {
    await saveRun(db, schema, run, now, history);
    return run;
  };
  let record: Record<string, unknown> | null | undefined;
  for (let n = 0; ; n++) {
    const step = stepOf(def.steps, run.step);
    if (!step) {
      run.status = 'completed';
      run.step = null;
      if (run.parent_id) await services.enqueue('resume', { tenantId, runId: run.parent_id, step: run.parent_step, child: run.id }, { tx: db, tenantId });
      return stop();
    }
    if (n >= STEPS_PER_JOB || run.steps_done >= MAX_STEPS) {
      if (run.steps_done >= MAX_STEPS) { run.status = 'failed'; run.error = `More than ${MAX_STEPS} steps: the workflow loops`; }
      if (run.status === 'running') await services.enqueue('advance', { tenantId, runId: run.id }, { tx: db, tenantId });
      return stop();
    }
    const seq = run.steps_done + 1;
    const started = services.clock.now();
    const env: StepEnv = { tenantId, schema, run, def, op, api, db, services, seq, now: started, settings, record };
    if (careful) await db.query('savepoint wf_step');
    try {
      const result = await runStep(env, step);
      if (careful) await db.query('release savepoint wf_step');
      record = env.record;
      const finished = services.clock.now();
      history.push({ run: run.id, seq, step: step.id, type: step.type, status: result.wait ? 'waiting' : 'completed', input: step, output: result.output, startedAt: started, finishedAt: result.wait ? null : finished });
      if (result.wait) {
        run.status = 'waiting';
        return stop();
      }
      run.vars = { ...run.vars, [step.id]: result.output ?? null };
      run.steps_done = seq;
      run.step = result.next === undefined ? following(def.steps, step) : result.next === 'end' ? null : result.next;
    } catch (error) {
      if (!careful) throw error;
      await db.query('rollback to savepoint wf_step');
      const message = error instanceof Error ? error.message : String(error);
      history.push({ run: run.id, seq, step: step.id, type: step.type, status: 'failed', input: step, output: null, error: message, startedAt: started, finishedAt: services.clock.now() });
      run.status = 'failed';
      run.error = `${step.id}: ${message}`;
      return stop();
    }
  }
}

/** A run waiting for a condition on its record: resumed when the condition now holds. */
export async function recheck(ctx: EngineContext, runId: string): Promise<void> {
  const { db, services, tenantId } = ctx;
  const { schema, settings } = await tenantOf(db, tenantId);
  const run = await lockRun(db, schema, runId);
  if (!run || run.status !== 'waiting') return;
  const def = await versionOf(db, tenantId, run.workflow, run.version);
  const step = stepOf(def.steps, run.step);
  if (step?.type !== 'wait' || !step.condition || !run.object || !run.record_id) return;
  const { op, api } = await services.asSystem(tenantId, db);
  const record = await api.get(run.object, run.record_id);
  const read = await withLookups(op.model, run.object, record, [{ source: step.condition }], (o, id) => api.get(o, id));
  if (read && evaluateIn({ model: op.model, object: run.object, record: read, now: services.clock.now(), settings }, step.condition) === true) {
    await advance(ctx, runId, { step: step.id, seq: run.steps_done + 1, output: { satisfied: true } });
  }
}

/** Resumes a waiting run past its current step (a timer, a delivery, a child run), with that step's output. */
export async function resume(ctx: EngineContext, runId: string, step: string, output: unknown, seq?: number): Promise<void> {
  const schema = await schemaOf(ctx.db, ctx.tenantId);
  const { rows } = await ctx.db.query<{ steps_done: number }>(`select steps_done from "${schema}"._workflow_runs where id = $1`, [runId]);
  if (!rows[0]) return;
  await advance(ctx, runId, { step, seq: seq ?? rows[0].steps_done + 1, output });
}

/** `retryWorkflowRun`: a failed run goes on from its failed step (the same version). */
export async function retryRun(ctx: EngineContext, runId: string): Promise<RunRow | undefined> {
  const schema = await schemaOf(ctx.db, ctx.tenantId);
  const run = await lockRun(ctx.db, schema, runId);
  if (!run || run.status !== 'failed') return run;
  run.status = 'running';
  run.error = null;
  await saveRun(ctx.db, schema, run, ctx.services.clock.now());
  await ctx.services.enqueue('advance', { tenantId: ctx.tenantId, runId }, { tx: ctx.db, tenantId: ctx.tenantId });
  return run;
}

/** `cancelWorkflowRun`: a run not finished stops where it is; its waits and timers go. */
export async function cancelRun(ctx: EngineContext, runId: string): Promise<RunRow | undefined> {
  const schema = await schemaOf(ctx.db, ctx.tenantId);
  const run = await lockRun(ctx.db, schema, runId);
  if (!run || run.status === 'completed' || run.status === 'cancelled') return run;
  run.status = 'cancelled';
  await saveRun(ctx.db, schema, run, ctx.services.clock.now());
  await ctx.db.query(`delete from ${waitsTable(schema)} where run_id = $1`, [runId]);
  await ctx.services.cancelTimer(ctx.tenantId, WAIT_TIMER(runId), ctx.db);
  return run;
}
