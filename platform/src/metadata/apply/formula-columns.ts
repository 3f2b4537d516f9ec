import { qualified, quoteIdent } from '../../storage/sql/quote.ts';
import type { ApplyContext } from './context.ts';
import type { FormulaColumn } from '../../storage/ddl/index.ts';

export type { FormulaColumn };

async function existing(ctx: ApplyContext, table?: string): Promise<{ table: string; column: string }[]> {
  return ctx.sql.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column from pg_attribute a join pg_class c on c.oid = a.attrelid
     where c.relnamespace = to_regnamespace($1) and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
       and a.attgenerated = 's' and a.attname like 'fx\\_%' and ($2::text is null or c.relname = $2)`, [ctx.schema, table ?? null]);
}

/**
 * Makes each table's generated formula columns those `wanted` names, at the end of a configuration
 * change (in its transaction, never on the request path): a formula over the record's own columns
 * is computed by PostgreSQL on write and read as a stored column, so that lists filter, sort and
 * group by it at a stored field's cost. Adding one rewrites the table (a STORED generated column is
 * computed for every row) under the change's lock, so the plan says so; a changed expression is a
 * new column (its name carries a hash of the SQL), the old one dropped in the same statement.
 */
export async function syncFormulaColumns(ctx: ApplyContext, wanted: readonly FormulaColumn[]): Promise<void> {
  const have = await existing(ctx);
  // Live objects' tables only: a deleted object's parked table keeps its columns for a restore.
  for (const table of [...ctx.catalog.objects.values()].map((o) => o.tableName)) {
    const want = wanted.filter((w) => w.table === table);
    const present = new Set(have.filter((h) => h.table === table).map((h) => h.column));
    const drops = [...present].filter((c) => !want.some((w) => w.column === c));
    const adds = want.filter((w) => !present.has(w.column));
    if (!drops.length && !adds.length) continue;
    ctx.step('syncFormulaColumns', want[0]?.object ?? table);
    const clauses = [
      ...drops.map((c) => `DROP COLUMN ${quoteIdent(c)}`),
      ...adds.map((w) => `ADD COLUMN ${quoteIdent(w.column)} ${w.sqlType} GENERATED ALWAYS AS (${w.sql}) STORED`),
    ];
    await ctx.ddl([`ALTER TABLE ${qualified(ctx.schema, table)} ${clauses.join(', ')}`]);
    for (const w of adds) ctx.note(`${w.object}.${w.field} is computed on write (a generated column; the table is rewritten once)`);
  }
}

/**
 * Drops a table's generated formula columns before a column they read changes type (PostgreSQL
 * refuses to retype a column a generated one reads); the change's end adds back those still wanted.
 */
export async function dropFormulaColumns(ctx: ApplyContext, table: string): Promise<void> {
  const columns = (await existing(ctx, table)).map((h) => h.column);
  if (columns.length) await ctx.ddl([`ALTER TABLE ${qualified(ctx.schema, table)} ${columns.map((c) => `DROP COLUMN ${quoteIdent(c)}`).join(', ')}`]);
}
