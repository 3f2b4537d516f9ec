import type pg from 'pg';
import { isPlatformError, type FileStorage, type PluginServices } from '@tessera/platform';
import { applyBatch, type StagedRow } from './apply.ts';
import { writeErrorFile } from './error-file.ts';
import type { Mapping } from './mapping.ts';
import { importsTable, refusalsTable, RUNNING, stagingTable } from './tables.ts';

/** Rows applied per transaction: one createRecords per batch, its effects and the position committed together. */
export const DEFAULT_BATCH = 1000;

/**
 * How long one job runs batches before it hands the rest to a new job: the job's lease can then be
 * short, so that when a process dies another one takes the import over within minutes, not hours.
 */
export const DEFAULT_SLICE_MS = 60_000;

interface ImportRow {
  id: string; object: string; user_id: string; status: string; headers: string[]; mapping: Mapping; match: string | null;
  position: number; rows_done: number; rows_refused: number; started_at: Date | null;
}

export interface RunnerDeps {
  pool: pg.Pool;
  services: PluginServices;
  storage: FileStorage;
}

/**
 * Runs an import to its end, batch after batch, each in a transaction of its own that locks the
 * import's row, reads the staged rows after its `position`, applies them as the importer
 * (applyBatch) and moves the position, counters and refusals in the same commit. A process killed
 * at any point leaves the import at its last committed batch: the next run (the job's retry, or
 * the resume at start) goes on from there, and no row is applied twice — two runners of one
 * import take turns on the row lock and each reads the position the other committed. After
 * `sliceMs` of work (wall time: a bound on the job, not a business deadline) the rest goes to a new
 * job (`continueWith`), and this one ends.
 */
export async function runImport(deps: RunnerDeps, tenantId: string, importId: string, options: { batchSize?: number; signal?: AbortSignal; sliceMs?: number; continueWith?: () => Promise<void>; lastAttempt?: boolean } = {}): Promise<void> {
  const model = await deps.services.model(tenantId);
  const schema = model.schema;
  const until = performance.now() + (options.sliceMs ?? DEFAULT_SLICE_MS);
  for (let batches = 0; ; batches++) {
    // The process is stopping (or the job's time is up): the rest goes to a new job, which any live
    // process takes; returning alone would complete this job with the import unfinished.
    if (options.signal?.aborted) {
      await options.continueWith?.();
      return;
    }
    // At least one batch per job, so that a slice always moves the import on.
    if (batches > 0 && performance.now() >= until && options.continueWith) {
      await options.continueWith();
      return;
    }
    const db = await deps.pool.connect();
    try {
      await db.query('begin');
      const { rows: [imp] } = await db.query<ImportRow>(`select * from ${importsTable(schema)} where id = $1 for update`, [importId]);
      if (!imp || imp.status === 'done' || imp.status === 'failed') { await db.query('commit'); return; }
      const { rows } = await db.query<StagedRow>(`select n, cells from ${stagingTable(schema, importId)} where n > $1 order by n limit $2`, [imp.position, options.batchSize ?? DEFAULT_BATCH]);
      const now = deps.services.clock.now();
      if (rows.length === 0) {
        const key = imp.rows_refused > 0 ? await writeErrorFile(db, deps.storage, tenantId, schema, importId, imp.headers) : null;
        await db.query(`update ${importsTable(schema)} set status = 'done', error_key = $2, finished_at = $3, updated_at = $3, started_at = coalesce(started_at, $3) where id = $1`, [importId, key, now]);
        await db.query(`drop table ${stagingTable(schema, importId)}`);
        await db.query(`delete from ${RUNNING} where import_id = $1`, [importId]);
        await db.query('commit');
        return;
      }
      const { op } = await deps.services.asSystem(tenantId, db, { actorId: imp.user_id, via: 'import', rights: 'actor', savepoints: false });
      const object = op.model.objects.get(imp.object);
      const result = object
        ? await applyBatch(op, object, imp.headers, imp.mapping, imp.match, rows)
        : { done: 0, refused: rows.map((r) => ({ n: r.n, reason: `NOT_FOUND: the object ${imp.object} no longer exists` })) };
      if (result.refused.length) {
        await db.query(`insert into ${refusalsTable(schema)} (import_id, n, reason) select $1, x.n, x.reason from unnest($2::int[], $3::text[]) as x(n, reason)`,
          [importId, result.refused.map((r) => r.n), result.refused.map((r) => r.reason)]);
      }
      await db.query(`update ${importsTable(schema)} set status = 'running', position = $2, rows_done = rows_done + $3, rows_refused = rows_refused + $4, started_at = coalesce(started_at, $5), updated_at = $5 where id = $1`,
        [importId, rows[rows.length - 1].n, result.done, result.refused.length, now]);
      await db.query('commit');
    } catch (error) {
      await db.query('rollback').catch(() => undefined);
      // The importer gone or no longer allowed: the import stops, with why; anything else is retried
      // by the job, and on its last attempt the import stops with the error (not left "running").
      if (isPlatformError(error) && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED')) {
        await fail(deps, schema, importId, `${error.code}: ${error.message}`);
        return;
      }
      if (options.lastAttempt) {
        await fail(deps, schema, importId, `${isPlatformError(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)} (after its last attempt; the rows before stay imported, import the error file or the rest again)`);
        return;
      }
      throw error;
    } finally {
      db.release();
    }
  }
}

async function fail(deps: RunnerDeps, schema: string, importId: string, message: string): Promise<void> {
  const now = deps.services.clock.now();
  await deps.pool.query(`update ${importsTable(schema)} set status = 'failed', error = $2, finished_at = $3, updated_at = $3 where id = $1`, [importId, message, now]);
  await deps.pool.query(`delete from ${RUNNING} where import_id = $1`, [importId]);
}
