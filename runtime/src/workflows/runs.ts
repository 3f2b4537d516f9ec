import type pg from 'pg';
import { uuidv7 } from '@tessera/platform';
import type { WorkflowItem } from './definition.ts';
import { runsTable, stepsTable } from './tables.ts';

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export interface RunRow {
  id: string; workflow: string; version: number; status: RunStatus; object: string | null; record_id: string | null;
  actor_id: string | null; trigger: Record<string, unknown>; step: string | null; vars: Record<string, unknown>;
  error: string | null; parent_id: string | null; parent_step: string | null; steps_done: number;
}

export interface StartSpec {
  schema: string;
  tenantId: string;
  workflow: string;
  object?: string | null;
  recordId?: string | null;
  actorId?: string | null;
  trigger: Record<string, unknown>;
  /** Makes starting idempotent: a second start with the same key starts nothing. */
  dedupe?: string;
  parent?: { id: string; step: string };
  now: Date;
}

/** The definition of a workflow's latest version, with its number (undefined: never saved). */
export async function latestVersion(db: pg.PoolClient, tenantId: string, workflow: string): Promise<{ version: number; definition: WorkflowItem } | undefined> {
  const { rows } = await db.query<{ version: number; definition: WorkflowItem }>('select version, definition from tessera.workflow_versions where tenant_id = $1 and workflow = $2 order by version desc limit 1', [tenantId, workflow]);
  return rows[0];
}

const versions = new Map<string, WorkflowItem>();

/** A version's definition (immutable: cached by tenant, workflow and version). */
export async function versionOf(db: pg.PoolClient, tenantId: string, workflow: string, version: number): Promise<WorkflowItem> {
  const key = `${tenantId}\u0000${workflow}\u0000${version}`;
  let def = versions.get(key);
  if (!def) {
    const { rows } = await db.query<{ definition: WorkflowItem }>('select definition from tessera.workflow_versions where tenant_id = $1 and workflow = $2 and version = $3', [tenantId, workflow, version]);
    if (!rows[0]) throw new Error(`workflow ${workflow} has no version ${version}`);
    def = rows[0].definition;
    if (versions.size > 5000) versions.clear();
    versions.set(key, def);
  }
  return def;
}

/**
 * Starts a run of a workflow's latest version, in `db` (the caller's transaction: a run exists iff
 * what started it commits). Returns its id, or null when `dedupe` already started one.
 */
export async function startRun(db: pg.PoolClient, spec: StartSpec): Promise<string | null> {
  const latest = await latestVersion(db, spec.tenantId, spec.workflow);
  if (!latest) return null;
  const id = uuidv7();
  const first = latest.definition.steps[0]?.id ?? null;
  const { rowCount } = await db.query(
    `insert into ${runsTable(spec.schema)} (id, workflow, version, status, object, record_id, actor_id, trigger, step, dedupe, parent_id, parent_step, started_at, updated_at)
     values ($1, $2, $3, 'running', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) on conflict (dedupe) do nothing`,
    [id, spec.workflow, latest.version, spec.object ?? latest.definition.object ?? null, spec.recordId ?? null, spec.actorId ?? null, JSON.stringify(spec.trigger), first, spec.dedupe ?? null, spec.parent?.id ?? null, spec.parent?.step ?? null, spec.now]);
  return rowCount ? id : null;
}

export async function lockRun(db: pg.PoolClient, schema: string, id: string): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(`select * from ${runsTable(schema)} where id = $1 for update`, [id]);
  return rows[0];
}

/**
 * Saves a run's position and state; with `history`, its new history entries in the same statement
 * (a job's steps end with one round trip, not two).
 */
export async function saveRun(db: pg.PoolClient, schema: string, run: RunRow, now: Date, history: HistoryEntry[] = []): Promise<void> {
  const done = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
  const values = [run.id, run.status, run.step, JSON.stringify(run.vars), run.error, run.steps_done, now, done ? now : null];
  const save = `update ${runsTable(schema)} set status = $2, step = $3, vars = $4, error = $5, steps_done = $6, updated_at = $7, finished_at = $8 where id = $1`;
  if (!history.length) {
    await db.query(save, values);
    return;
  }
  await db.query(`with h as (${insertSteps(schema, 8)}) ${save}`, [...values, ...historyColumns(history)]);
}

export interface HistoryEntry { run: string; seq: number; step: string; type: string; status: string; input: unknown; output: unknown; error?: string | null; startedAt: Date; finishedAt: Date | null }

/** One entry of a run's history: the step, its input and output, timing and error. */
export function recordStep(db: pg.PoolClient, schema: string, entry: HistoryEntry): Promise<void> {
  return recordSteps(db, schema, [entry]);
}

/** Entries of runs' histories in one statement (a step run again — a retry — replaces its entry). */
export async function recordSteps(db: pg.PoolClient, schema: string, entries: HistoryEntry[]): Promise<void> {
  await db.query(insertSteps(schema, 0), historyColumns(entries));
}

/** The INSERT of history entries given as ten column arrays, from parameter `$<after + 1>` on. */
function insertSteps(schema: string, after: number): string {
  const p = (i: number) => `$${after + i}`;
  return `insert into ${stepsTable(schema)} (run_id, seq, step, type, status, input, output, error, started_at, finished_at)
     select * from unnest(${p(1)}::uuid[], ${p(2)}::int[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::jsonb[], ${p(7)}::jsonb[], ${p(8)}::text[], ${p(9)}::timestamptz[], ${p(10)}::timestamptz[])
     on conflict (run_id, seq) do update set status = excluded.status, input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at`;
}

function historyColumns(entries: HistoryEntry[]): unknown[] {
  const col = <T>(f: (e: HistoryEntry) => T) => entries.map(f);
  return [col((e) => e.run), col((e) => e.seq), col((e) => e.step), col((e) => e.type), col((e) => e.status), col((e) => JSON.stringify(e.input ?? null)), col((e) => JSON.stringify(e.output ?? null)), col((e) => e.error ?? null), col((e) => e.startedAt), col((e) => e.finishedAt)];
}
