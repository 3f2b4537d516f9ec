import type pg from 'pg';
import type { FileStorage } from '@tessera/platform';
import { importsTable, refusalsTable } from './tables.ts';

/** How long an import's uploaded file, error file and refusals are kept after it ends (TESSERA_IMPORT_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 30;

/**
 * Purges what finished imports keep past the retention period, in every tenant that has imports:
 * the uploaded file and the error file from the file storage, and the refused rows; the import's
 * row stays (who imported what, when, with what counts) with no file to download. Files are
 * deleted after their keys are cleared, so a crash in between leaves a stray file, never a link
 * to a missing one. Returns how many imports were purged.
 */
export async function purgeImports(pool: pg.Pool, storage: FileStorage, now: Date, retentionDays: number): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const { rows: tenants } = await pool.query<{ schema: string }>(`select schema_name as schema from tessera.tenants where to_regclass(quote_ident(schema_name) || '."_imports"') is not null`);
  let purged = 0;
  for (const { schema } of tenants) {
    const client = await pool.connect();
    let keys: string[] = [];
    try {
      await client.query('begin');
      const { rows } = await client.query<{ id: string; file_key: string | null; error_key: string | null }>(
        `update ${importsTable(schema)} i set file_key = null, error_key = null from (
           select id, file_key, error_key from ${importsTable(schema)}
           where status in ('done', 'failed') and finished_at < $1 and (file_key is not null or error_key is not null) for update) old
         where i.id = old.id returning old.id, old.file_key, old.error_key`, [before]);
      if (rows.length) await client.query(`delete from ${refusalsTable(schema)} where import_id = any($1::uuid[])`, [rows.map((r) => r.id)]);
      await client.query('commit');
      keys = rows.flatMap((r) => [r.file_key, r.error_key]).filter((k): k is string => k !== null);
      purged += rows.length;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const key of keys) await storage.delete(key);
  }
  return purged;
}
