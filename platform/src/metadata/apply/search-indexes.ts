import { fieldType } from '../../field-types/registry.ts';
import { createSearchIndexSql, ddlNames, dropIndexSql } from '../../storage/ddl/index.ts';
import { searchFields } from '../search-fields.ts';
import type { ApplyContext } from './context.ts';

/** Where pg_trgm lives (migration 0012-search creates it in `tessera` unless the database had it). */
export async function trigramSchema(ctx: ApplyContext): Promise<string> {
  const [row] = await ctx.sql.query<{ schema: string }>(`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`);
  return row?.schema ?? 'tessera';
}

/**
 * Makes each live object's trigram indexes those of the fields global search matches
 * (search-fields.ts), once a change has applied everything else: which fields are searched
 * depends on the whole object (its title field is `name`, else its first text field), so a
 * field's index can come or go with a change to another field. Run once per configuration change,
 * in its transaction, so that a title that moves twice within a document builds nothing in between.
 * On a large table the index is built CONCURRENTLY after commit, like every other (ctx.indexDdl).
 * Indexes of deleted fields stay with their parked columns, for a restore.
 */
export async function syncSearchIndexes(ctx: ApplyContext): Promise<void> {
  const rows = await ctx.sql.query<{ index: string; table: string; valid: boolean }>(
    `select c.relname as index, t.relname as table, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
     where t.relnamespace = to_regnamespace($1) and c.relname like 'sr\\_%'`, [ctx.schema]);
  const existing = new Set(rows.map((r) => `${r.table}.${r.index}`));
  // A concurrent build that died with its process leaves an invalid index: it goes, and is built again if wanted.
  const invalid = new Set(rows.filter((r) => !r.valid).map((r) => `${r.table}.${r.index}`));
  let trigrams: string | undefined;
  for (const object of ctx.catalog.objects.values()) {
    const wanted = new Set(searchFields(object.definition).map((f) => f.name));
    for (const [name, field] of object.fields) {
      const index = ddlNames.searchIndex(field.id);
      if (invalid.has(`${object.tableName}.${index}`)) {
        ctx.step('syncSearchIndexes', object.definition.name);
        await ctx.ddl(dropIndexSql(ctx.schema, index));
        existing.delete(`${object.tableName}.${index}`);
      }
      const has = existing.has(`${object.tableName}.${index}`);
      if (wanted.has(name) === has) continue;
      ctx.step('syncSearchIndexes', object.definition.name);
      if (has) {
        await ctx.ddl(dropIndexSql(ctx.schema, index));
        ctx.note(`${name} is no longer searched`);
      } else {
        trigrams ??= await trigramSchema(ctx);
        const column = fieldType(field.definition.type).columns(field.definition)[0].column;
        await ctx.indexDdl(createSearchIndexSql(ctx.schema, object.tableName, field.id, column, trigrams), object.tableName);
        ctx.note(`${name} is searched`);
      }
    }
  }
}
