import type pg from 'pg';
import { auditRetentionDays } from '../audit/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { SchemaModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import { fileFields } from './hook.ts';
import type { FileStorage } from './storage.ts';

/** How long an upload may wait to be put in a record before its bytes go (by the platform clock). */
export const UPLOAD_GRACE_MS = 24 * 3_600_000;

/** What one tenant's purge took out: uploads never attached, files let go by their record, files whose record or field is gone. */
export interface FilesPurged {
  uploads: number;
  released: number;
  orphaned: number;
}

/** Files deleted per transaction: their rows stay locked while the storage deletes their bytes. */
const BATCH = 200;

/**
 * Deletes the files nothing holds any more, for one tenant, at `now` (the platform clock):
 * - (a) uploads never attached to a record, `UPLOAD_GRACE_MS` after their upload;
 * - (b) files a record let go (replaced or cleared: no file, image or signature column of their
 *   record holds them): the first purge that sees one so marks it (`releasedAt`), and it goes once
 *   the tenant's record history retention (`auditRetentionDays`) has passed since — the history
 *   may show it until then. A record taking it back (a restored value) unmarks it;
 * - (c) files whose record is gone (no row with that id: purged) or whose field is (no definition
 *   with that id, deleted or not: purged with its object): at once. A soft-deleted record or a
 *   deleted field keeps its files: it may be restored.
 * The bytes and the thumbnail go through the storage adapter, then the `_files` row, with the rows
 * locked (FOR UPDATE SKIP LOCKED) from before the bytes go until the rows do: a write attaching an
 * upload at that moment waits, then finds no file (and is refused) rather than a file without bytes.
 */
export async function purgeTenantFiles(pool: pg.Pool, storage: FileStorage, model: SchemaModel, options: { now: Date; retentionDays: number }): Promise<FilesPurged> {
  const files = qualified(model.schema, '_files');
  const now = options.now;
  // Every file field of a live object, with where its value is.
  const fields = [...model.objects.values()].flatMap((object) => fileFields(object).map((f) => {
    const def = object.catalog.definition.fields.find((d) => d.name === f.name)!;
    return { id: f.id, table: qualified(model.schema, object.catalog.tableName), column: quoteIdent(fieldType(def.type).columns(def)[0].column) };
  }));
  const purged: FilesPurged = { uploads: 0, released: 0, orphaned: 0 };

  // (b) marking: per field, attached files their record no longer holds (the record still there).
  for (const f of fields) {
    await pool.query(
      `update ${files} x set "releasedAt" = $2 where x."fieldId" = $1 and x."recordId" is not null and x."releasedAt" is null
         and exists (select from ${f.table} r where r.id = x."recordId" and r.${f.column} is distinct from x.id)`, [f.id, now]);
    await pool.query(
      `update ${files} x set "releasedAt" = null where x."fieldId" = $1 and x."releasedAt" is not null
         and exists (select from ${f.table} r where r.id = x."recordId" and r.${f.column} = x.id)`, [f.id]);
  }

  // (c): the fields of the tenant that exist at all (deleted but not purged included).
  const { rows: known } = await pool.query(`select id from tessera.field_definitions where tenant_id = $1`, [model.tenantId]);
  const knownIds = known.map((r) => r.id as string);
  const recordGone = fields.map((f) => `(x."fieldId" = '${f.id}'::uuid and not exists (select from ${f.table} r where r.id = x."recordId"))`);
  const orphaned = `x."recordId" is not null and (not (x."fieldId" = any($1::uuid[]))${recordGone.length ? ` or ${recordGone.join(' or ')}` : ''})`;

  purged.uploads = await deleteWhere(pool, storage, files, `x."recordId" is null and x."createdAt" < $1`, [new Date(now.getTime() - UPLOAD_GRACE_MS)]);
  purged.orphaned = await deleteWhere(pool, storage, files, orphaned, [knownIds]);
  purged.released = await deleteWhere(pool, storage, files, `x."releasedAt" < $1`, [new Date(now.getTime() - options.retentionDays * 86_400_000)]);
  return purged;
}

/** Deletes the files matching `where` (over alias `x`), bytes then rows, `BATCH` per transaction; how many. */
async function deleteWhere(pool: pg.Pool, storage: FileStorage, files: string, where: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query(`select x.id, x."storageKey", x."thumbnailKey" from ${files} x where ${where} limit ${BATCH} for update skip locked`, params);
      for (const row of rows) {
        await storage.delete(row.storageKey);
        if (row.thumbnailKey) await storage.delete(row.thumbnailKey);
      }
      if (rows.length) await client.query(`delete from ${files} where id = any($1::uuid[])`, [rows.map((r) => r.id)]);
      await client.query('commit');
      total += rows.length;
      if (rows.length < BATCH) return total;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Purges files for every tenant with a `_files` table (hourly, with the other purges: server/start.ts);
 * the count per tenant slug, for those where something went.
 */
export async function purgeFiles(pool: pg.Pool, storage: FileStorage, modelOf: (tenantId: string) => Promise<SchemaModel>, now: Date): Promise<Map<string, FilesPurged>> {
  const out = new Map<string, FilesPurged>();
  const { rows } = await pool.query(`select id, slug, settings from tessera.tenants where to_regclass(quote_ident(schema_name) || '."_files"') is not null`);
  for (const tenant of rows) {
    const purged = await purgeTenantFiles(pool, storage, await modelOf(tenant.id), { now, retentionDays: auditRetentionDays(tenant.settings) });
    if (purged.uploads || purged.released || purged.orphaned) out.set(tenant.slug, purged);
  }
  return out;
}

/** What the files purge needs of the running platform. */
export interface FilesPurgeHost {
  pool: pg.Pool;
  files: { storage: FileStorage };
  schemas: { get(tenantId: string): Promise<{ model: SchemaModel }> };
  clock: { now(): Date };
}

/** The files purge of a running platform, at its clock's now (a manual one under TESSERA_TEST_CLOCK). */
export function purgeFilesOf(platform: FilesPurgeHost): Promise<Map<string, FilesPurged>> {
  return purgeFiles(platform.pool, platform.files.storage, async (tenantId) => (await platform.schemas.get(tenantId)).model, platform.clock.now());
}
