import { addBusinessTime, addDuration, loadCalendar, parseDuration, PlatformError, uuidv7, type LocalApi, type OperationContext, type PluginServices } from '@tessera/platform';
import type pg from 'pg';
import type { Step, WorkflowItem } from './definition.ts';
import type { RunRow } from './runs.ts';
import { startRun } from './runs.ts';
import { notificationsTable, waitsTable } from './tables.ts';
import { evaluateIn, filterIn, isFirst, sourcesIn, valueOf, valuesOf, withLookups, type ValueScope } from './values.ts';

/** What a step runs with: the run (mutable: vars), its definition, the system's records API in the step's transaction. */
export interface StepEnv {
  tenantId: string;
  schema: string;
  run: RunRow;
  def: WorkflowItem;
  op: OperationContext;
  api: LocalApi;
  db: pg.PoolClient;
  services: PluginServices;
  seq: number;
  now: Date;
  settings: Record<string, unknown>;
  /** The run's record as last read in this job (undefined: read it); steps that write clear it. */
  record?: Record<string, unknown> | null;
}

/** A step's outcome: its output for the history; where to go (default the next step); or `wait` (the run sleeps until something resumes it). */
export interface StepResult { output?: unknown; next?: string; wait?: boolean }

/**
 * What the approvals plugin offers under `approvals.submit` (plugin services): submits a record for
 * approval in `tx` as `actorId` (null: the system), answering the request. Declared here, where it is
 * used, so the approvals plugin depends on workflows and not the other way round.
 */
export type ApprovalSubmitter = (tx: pg.PoolClient, input: { tenantId: string; actorId: string | null; object: string; id: string; flow: string | null }) => Promise<{ id: string; flow: string; version: number; status: string; node: string | null }>;
export const SUBMIT_FOR_APPROVAL = 'approvals.submit';

export const WAIT_TIMER = (run: string) => `wf-wait:${run}`;

async function scopeOf(env: StepEnv): Promise<ValueScope> {
  const { run, op } = env;
  if (env.record === undefined) env.record = run.object && run.record_id ? await env.api.get(run.object, run.record_id) : null;
  const record = env.record;
  return { model: op.model, object: run.object, record: record ?? (run.trigger.record as Record<string, unknown> | undefined) ?? null, now: env.now, settings: env.settings };
}

/** The record id a step acts on: its `id` (a value spec), else the run's record. */
function targetId(scope: ValueScope, env: StepEnv, spec: unknown): string {
  const id = spec === undefined ? env.run.record_id : valueOf(scope, spec);
  if (typeof id !== 'string') throw new Error('The step has no record to act on (no id, and the run has no record)');
  return id;
}

/** Waits until `dueAt` by a timer that resumes this step (moved if the step is run again). */
async function sleepUntil(env: StepEnv, step: Step, dueAt: Date): Promise<void> {
  await env.services.schedule({ tenantId: env.tenantId, key: WAIT_TIMER(env.run.id), dueAt, job: 'resume', payload: { tenantId: env.tenantId, runId: env.run.id, step: step.id, seq: env.seq }, tx: env.db });
}

/** Steps that may change the run's record (through the pipeline, triggers included): it is read again after them. */
const WRITES = new Set<Step['type']>(['update', 'create', 'command', 'script', 'forEach', 'callWorkflow']);

/** Up to `max` records of a filter, page by page in id order (a page is at most the tenant's page size). */
async function findAll(env: StepEnv, object: string, filter: Record<string, unknown> | undefined, max: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const page = Math.min(env.op.limits.maxPageSize, 500);
  let after: string | null = null;
  while (out.length < max) {
    const where: Record<string, unknown>[] = [...(filter ? [filter] : []), ...(after ? [{ id: { gt: after } }] : [])];
    const rows = await env.api.find(object, { filter: where.length ? { and: where } : null, orderBy: [{ id: 'ASC' }], first: Math.min(page, max - out.length) });
    out.push(...rows);
    if (rows.length < page) break;
    after = rows.at(-1)!.id as string;
  }
  return out;
}

/** A step's data: `{first}` values looked up (the system reads: a rule picks, whoever started the run), the rest as valuesOf. */
async function dataOf(env: StepEnv, scope: ValueScope, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out = valuesOf(scope, Object.fromEntries(Object.entries(data).filter(([, v]) => !isFirst(v))));
  for (const [k, v] of Object.entries(data)) {
    if (!isFirst(v)) continue;
    const filter = v.first.filter ? filterIn(scope, v.first.filter) as Record<string, unknown> : null;
    const [row] = await env.api.find(v.first.object, { filter, orderBy: [...(v.first.orderBy ?? []), { id: 'ASC' }], first: 1 });
    out[k] = (row?.id as string | undefined) ?? null;
  }
  return out;
}

export async function runStep(env: StepEnv, step: Step): Promise<StepResult> {
  const base = await scopeOf(env);
  // The step's expressions may read through lookups (`student.funnelStage`): their records nested in a copy.
  const scope = { ...base, record: await withLookups(base.model, base.object, base.record, sourcesIn(step), env.api) };
  if (WRITES.has(step.type)) env.record = undefined;
  switch (step.type) {
    case 'branch': {
      const taken = step.branches.find((b) => evaluateIn(scope, b.when) === true);
      return { output: { branch: taken?.next ?? step.otherwise ?? null }, next: taken?.next ?? step.otherwise };
    }
    case 'update': {
      const object = step.object ?? env.run.object!;
      const data = await dataOf(env, scope, step.data);
      if (step.filter) {
        const ids = (await findAll(env, object, step.filter, 10_000)).map((r) => r.id as string);
        for (const id of ids) await env.api.update(object, id, data);
        return { output: { object, ids, data } };
      }
      const id = targetId(scope, env, step.record);
      const written = await env.api.update(object, id, data);
      // The run's own record as written (read back after the whole pipeline, triggers included):
      // what the next step would read again.
      // (Only the id: the record is gone from view, e.g. a trigger deleted it; read it again.)
      if (object === env.run.object && id === env.run.record_id && Object.keys(written).length > 1) env.record = written;
      return { output: { object, id, data } };
    }
    case 'create': {
      const created = (await env.api.create(step.object, await dataOf(env, scope, step.data))) as Record<string, unknown>;
      return { output: { object: step.object, id: created.id } };
    }
    case 'command':
    case 'script': {
      // A script's action is a command of its object (`script:<name>` provider): run it as any command.
      const object = step.object ?? env.run.object!;
      const name = step.type === 'command' ? step.command : step.action;
      const id = targetId(scope, env, step.record);
      const result = await env.api.runCommand(object, name, id, valuesOf(scope, step.input));
      return { output: { object, id, command: name, result } };
    }
    case 'startApproval': {
      const submit = env.services.use<ApprovalSubmitter>(SUBMIT_FOR_APPROVAL);
      if (!submit) throw new PlatformError('NOT_FOUND', 'A startApproval step needs the approvals plugin, which is not installed on this server');
      const object = step.object ?? env.run.object!;
      const id = targetId(scope, env, step.record);
      const request = await submit(env.db, { tenantId: env.tenantId, actorId: env.run.actor_id ?? null, object, id, flow: step.flow ?? null });
      env.record = undefined; // the submission's own field updates (onSubmit) may have changed it
      return { output: { object, id, request } };
    }
    case 'notify': {
      const users = step.to.map((t) => valueOf(scope, t)).flat().filter((u): u is string => typeof u === 'string');
      const title = String(valueOf(scope, step.title) ?? '');
      const body = step.body === undefined ? null : String(valueOf(scope, step.body) ?? '');
      for (const user of new Set(users)) {
        await env.db.query(`insert into ${notificationsTable(env.schema)} (id, user_id, title, body, object, record_id, run_id, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [uuidv7(), user, title, body, env.run.object, env.run.record_id, env.run.id, env.now]);
      }
      // E-mail is an external call: a job of its own (enqueued with this step, keyed: sent once).
      if (step.email && process.env.TESSERA_SMTP_URL) await env.services.enqueue('email', { tenantId: env.tenantId, users: [...new Set(users)], title, body, key: `${env.run.id}:${step.id}:${env.seq}` }, { tx: env.db, key: `${env.run.id}:${step.id}:${env.seq}`, tenantId: env.tenantId });
      return { output: { users: [...new Set(users)], title } };
    }
    case 'webhook': {
      const body = { ...valuesOf(scope, step.body), run: env.run.id, workflow: env.run.workflow, object: env.run.object, recordId: env.run.record_id };
      const delivery = `${env.run.id}:${step.id}:${env.seq}`;
      await env.services.enqueue('deliver', { tenantId: env.tenantId, runId: env.run.id, step: step.id, seq: env.seq, delivery, url: step.url, method: step.method ?? 'POST', body }, { tx: env.db, key: delivery, tenantId: env.tenantId });
      return { output: { delivery, url: step.url }, wait: true };
    }
    case 'wait': {
      if (step.condition) {
        if (evaluateIn(scope, step.condition) === true) return { output: { satisfied: true } };
        if (!env.run.object || !env.run.record_id) throw new Error('A condition wait needs the run\'s record');
        await env.db.query(`insert into ${waitsTable(env.schema)} (run_id, object, record_id) values ($1, $2, $3) on conflict (run_id) do nothing`, [env.run.id, env.run.object, env.run.record_id]);
        if (step.timeout) await sleepUntil(env, step, addDuration(env.now, parseDuration(step.timeout, '/timeout')));
        return { output: { waitingFor: step.condition }, wait: true };
      }
      let dueAt: Date;
      if (step.until) {
        const at = evaluateIn(scope, step.until);
        if (at === null) return { output: { until: null } };
        dueAt = new Date(String(at).length === 10 ? `${at}T00:00:00Z` : String(at));
      } else if (step.business) {
        const calendar = await loadCalendar({ query: async (t, v) => (await env.db.query(t, v as unknown[])).rows }, env.tenantId, env.def.calendar);
        if (!calendar) throw new Error(`There is no business calendar "${env.def.calendar}"`);
        const d = parseDuration(step.duration!, '/duration');
        const ms = (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
        dueAt = addBusinessTime(calendar, env.now, ms);
      } else dueAt = addDuration(env.now, parseDuration(step.duration!, '/duration'));
      if (dueAt.getTime() <= env.now.getTime()) return { output: { dueAt } };
      await sleepUntil(env, step, dueAt);
      return { output: { dueAt }, wait: true };
    }
    case 'forEach': {
      const records = await findAll(env, step.object, step.filter, step.max ?? 1000);
      const runs: string[] = [];
      for (const r of records) {
        const id = await startRun(env.db, { schema: env.schema, tenantId: env.tenantId, workflow: step.workflow, object: step.object, recordId: r.id as string, actorId: env.run.actor_id, trigger: { type: 'forEach', parent: env.run.id }, dedupe: `each:${env.run.id}:${step.id}:${env.seq}:${r.id}`, now: env.now });
        if (id) { runs.push(id); await env.services.enqueue('advance', { tenantId: env.tenantId, runId: id }, { tx: env.db, tenantId: env.tenantId }); }
      }
      return { output: { object: step.object, records: records.length, runs } };
    }
    case 'callWorkflow': {
      const wait = step.wait ?? true;
      const id = await startRun(env.db, { schema: env.schema, tenantId: env.tenantId, workflow: step.workflow, object: env.run.object, recordId: env.run.record_id, actorId: env.run.actor_id, trigger: { type: 'parent', parent: env.run.id }, dedupe: `call:${env.run.id}:${step.id}:${env.seq}`, parent: wait ? { id: env.run.id, step: step.id } : undefined, now: env.now });
      if (!id) throw new Error(`The workflow ${step.workflow} has never been saved`);
      await env.services.enqueue('advance', { tenantId: env.tenantId, runId: id }, { tx: env.db, tenantId: env.tenantId });
      return { output: { run: id }, wait };
    }
  }
}
