import { createHash } from 'node:crypto';
import type pg from 'pg';
import { fieldType } from '../field-types/registry.ts';
import type { CatalogObject, TenantCatalog } from '../metadata/index.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import { shortId } from '../util/ids.ts';
import { DEFAULT_SHARING, type SharingModel } from './model.ts';

/** What the row-level predicate reads of a record besides its sharing rules' fields (visibility.ts). */
export const VISIBILITY_COLUMNS = ['id', 'ownerId', '_sharedWith', 'deletedAt'] as const;

export interface VisibilityIndex {
  name: string;
  table: string;
  sql: string;
}

const SYSTEM_COLUMNS: Record<string, string> = { id: 'id', createdAt: 'createdAt', updatedAt: 'updatedAt', createdBy: 'createdBy', updatedBy: 'updatedBy', owner: 'ownerId', ownerId: 'ownerId' };

/** The columns a sharing rule's filter reads on the object's own table (and/or/not walked; relations by their lookup column). */
export function ruleColumns(object: CatalogObject, filter: unknown, out = new Set<string>()): Set<string> {
  if (!filter || typeof filter !== 'object') return out;
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === 'and' || key === 'or') for (const item of Array.isArray(value) ? value : []) ruleColumns(object, item, out);
    else if (key === 'not') ruleColumns(object, value, out);
    else {
      const field = object.fields.get(key);
      if (field) for (const c of fieldType(field.definition.type).columns(field.definition)) out.add(c.column);
      else if (Object.hasOwn(SYSTEM_COLUMNS, key)) out.add(SYSTEM_COLUMNS[key]);
    }
  }
  return out;
}

/**
 * The indexes that let a user's list skip the records they may not see without visiting them: for
 * each declared index of an object under a PRIVATE or PUBLIC_READ sharing model, one with the same
 * key that INCLUDEs the visibility columns and those of the object's sharing rules. The list reads
 * its page's ids from it by an index-only scan (compile.ts, `deferred`), then the page's rows by id.
 * The name carries a hash of the definition, so a changed rule set means a new index, and the old
 * one is dropped. Master-detail children (their parent's access) get none.
 */
export function wantedVisibilityIndexes(catalog: TenantCatalog, rules: readonly { object: string; filter: unknown }[]): VisibilityIndex[] {
  const out: VisibilityIndex[] = [];
  for (const [name, object] of catalog.objects) {
    const sharing = (object.definition as { sharing?: SharingModel }).sharing ?? DEFAULT_SHARING;
    if (sharing === 'PUBLIC_READ_WRITE' || object.definition.fields.some((f) => f.type === 'masterDetail')) continue;
    const fromRules = new Set<string>();
    for (const rule of rules) if (rule.object === name) ruleColumns(object, rule.filter, fromRules);
    for (const index of object.definition.indexes ?? []) {
      const key = index.fields.map((f) => {
        const field = object.fields.get(f);
        return field ? fieldType(field.definition.type).columns(field.definition)[0].column : (Object.hasOwn(SYSTEM_COLUMNS, f) ? SYSTEM_COLUMNS[f] : f);
      });
      const include = [...new Set([...VISIBILITY_COLUMNS, ...[...fromRules].sort()])].filter((c) => !key.includes(c));
      const definition = `(${key.map(quoteIdent).join(', ')}) INCLUDE (${include.map(quoteIdent).join(', ')})`;
      const hash = createHash('sha1').update(definition).digest('hex').slice(0, 10);
      const indexName = `vx_${shortId(object.id)}_${hash}`;
      out.push({ name: indexName, table: object.tableName, sql: `INDEX ${quoteIdent(indexName)} ON ${qualified(catalog.schema, object.tableName)} ${definition}` });
    }
  }
  return out;
}

export interface SyncOptions {
  /** Tables at least this large (bytes) get their index built CONCURRENTLY, so writes go on. */
  concurrentBytes: number;
  /** How long a build or drop waits for its lock before giving up until the next sync. */
  lockTimeoutMs: number;
}

/**
 * Makes the tenant's `vx_` indexes those wanted: drops the others (and invalid leftovers of
 * interrupted builds), builds the missing ones. One process at a time per tenant (an advisory lock).
 * The indexes are access paths only: what a user may see never depends on them.
 */
export async function syncVisibilityIndexes(pool: pg.Pool, schema: string, wanted: VisibilityIndex[], options: SyncOptions): Promise<{ created: string[]; dropped: string[] }> {
  const created: string[] = [];
  const dropped: string[] = [];
  const client = await pool.connect();
  let locked = false;
  try {
    locked = (await client.query(`select pg_try_advisory_lock(hashtext('tessera.visibility-indexes'), hashtext($1)) as ok`, [schema])).rows[0].ok === true;
    if (!locked) return { created, dropped };
    await client.query(`set statement_timeout = 0`);
    await client.query(`set lock_timeout = ${Math.floor(options.lockTimeoutMs)}`);
    const { rows } = await client.query<{ name: string; valid: boolean }>(
      `select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relname like 'vx\\_%'`, [schema]);
    const want = new Map(wanted.map((w) => [w.name, w]));
    for (const row of rows) {
      if (want.has(row.name) && row.valid) continue;
      await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(schema, row.name)}`);
      dropped.push(row.name);
    }
    const have = new Set(rows.filter((r) => r.valid).map((r) => r.name));
    for (const index of wanted) {
      if (have.has(index.name)) continue;
      const size = (await client.query(`select pg_total_relation_size(to_regclass($1)) as n`, [qualified(schema, index.table)])).rows[0].n;
      if (size === null) continue;
      const concurrent = Number(size) >= options.concurrentBytes;
      await client.query(`CREATE ${concurrent ? index.sql.replace(/^INDEX /, 'INDEX CONCURRENTLY IF NOT EXISTS ') : index.sql.replace(/^INDEX /, 'INDEX IF NOT EXISTS ')}`);
      created.push(index.name);
    }
    return { created, dropped };
  } finally {
    if (locked) await client.query(`select pg_advisory_unlock(hashtext('tessera.visibility-indexes'), hashtext($1))`, [schema]).catch(() => {});
    await client.query('reset statement_timeout; reset lock_timeout').catch(() => {});
    client.release();
  }
}
