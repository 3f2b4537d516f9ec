import { fieldType } from '../../field-types/registry.ts';
import { createDuplicateIndexSql, ddlNames, dropIndexSql } from '../../storage/ddl/index.ts';
import { createHash } from 'node:crypto';
import { qualified, quoteIdent } from '../../storage/sql/quote.ts';
import { alternatives, duplicateIndexSpec, fieldMatches, matchKeySql, type DuplicateIndexSpec } from '../duplicate-rules.ts';
import type { ApplyContext } from './context.ts';
import { trigramSchema } from './search-indexes.ts';

/**
 * Makes each live object's duplicate-rule indexes (`dp_<field>_<key>`) those its active rules'
 * matches read: a btree over each exact or normalized key (on live rows), a GIN trigram index over
 * each fuzzy field's duplicate key — unless an index already serves the match (a unique or lookup
 * index, for an exact one) — and one btree over all the keys of an alternative with two or more
 * (`dp_k<digest>`). Run in the configuration change's transaction, never on the request
 * path: when a rule changes (`only`: its object) and at the end of every object change. On a large
 * table the index is built CONCURRENTLY after commit (ctx.indexDdl). Indexes of deleted objects
 * stay with their tables, for a restore.
 */
export async function syncDuplicateIndexes(ctx: ApplyContext, only?: string): Promise<void> {
  const rows = await ctx.sql.query<{ index: string; table: string; valid: boolean }>(
    `select c.relname as index, t.relname as table, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
     where t.relnamespace = to_regnamespace($1) and c.relname like 'dp\\_%'`, [ctx.schema]);
  let trigrams: string | undefined;
  for (const object of ctx.catalog.objects.values()) {
    const name = object.definition.name;
    if (only !== undefined && name !== only) continue;
    const wanted = new Map<string, DuplicateIndexSpec>();
    for (const rule of ctx.catalog.duplicateRules) {
      if (rule.object !== name || !rule.active) continue;
      // A keyed match that shares its alternative with another keyed one is served by their composite index (below).
      const keyedOf = (alt: ReturnType<typeof alternatives>[number]) => alt.filter((l) => l.match !== 'fuzzy' && object.fields.has(l.field));
      const alone = new Set(alternatives(rule.match).flatMap((alt) => (keyedOf(alt).length < 2 ? alt : [])));
      for (const { leaf } of fieldMatches(rule.match)) {
        if (leaf.match !== 'fuzzy' && !alone.has(leaf)) continue;
        const field = object.fields.get(leaf.field);
        if (!field) continue;
        const definition = field.definition;
        if (leaf.match === 'exact' && (definition.unique || fieldType(definition.type).reference)) continue;
        const column = fieldType(definition.type).columns(definition)[0].column;
        const spec = duplicateIndexSpec(leaf, definition, column);
        wanted.set(ddlNames.duplicateIndex(field.id, spec.suffix), spec);
      }
    }
    // An alternative of two or more keyed matches (name normalized AND city exact) gets one index over
    // all its keys, and none of its own per key: given both, the planner (stale statistics while a
    // table fills) probed the least selective one (every record in Paris) for each candidate — a
    // bulk create of 1,000 rows into 3,000 took 6.6 s, growing with the table.
    const composite = new Map<string, { sql: string; fields: string[] }>();
    for (const rule of ctx.catalog.duplicateRules) {
      if (rule.object !== name || !rule.active) continue;
      for (const alt of alternatives(rule.match)) {
        const keyed = alt.filter((leaf) => leaf.match !== 'fuzzy' && object.fields.has(leaf.field));
        if (keyed.length < 2) continue;
        const keys = keyed.map((leaf) => {
          const definition = object.fields.get(leaf.field)!.definition;
          return `(${matchKeySql(quoteIdent(fieldType(definition.type).columns(definition)[0].column), leaf, definition)})`;
        });
        const index = `dp_k${createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 20)}`;
        composite.set(index, { sql: `CREATE INDEX ${quoteIdent(index)} ON ${qualified(ctx.schema, object.tableName)} (${keys.join(', ')}) WHERE "deletedAt" IS NULL`, fields: keyed.map((l) => l.field) });
      }
    }
    const existing = rows.filter((r) => r.table === object.tableName);
    for (const row of existing) {
      // Unwanted, or a concurrent build that died with its process (invalid): dropped, and built again if wanted.
      if ((wanted.has(row.index) || composite.has(row.index)) && row.valid) continue;
      ctx.step('syncDuplicateIndexes', name);
      await ctx.ddl(dropIndexSql(ctx.schema, row.index));
      if (!wanted.has(row.index) && !composite.has(row.index)) ctx.note(`index ${row.index} is no longer read by a duplicate rule`);
    }
    const have = new Set(existing.filter((r) => r.valid).map((r) => r.index));
    for (const [index, spec] of wanted) {
      if (have.has(index)) continue;
      ctx.step('syncDuplicateIndexes', name);
      trigrams ??= await trigramSchema(ctx);
      await ctx.indexDdl(createDuplicateIndexSql(ctx.schema, object.tableName, index, spec, trigrams), object.tableName);
      ctx.note(`${spec.field} is indexed for duplicate matching (${spec.method === 'gin' ? 'trigram' : spec.expression})`);
    }
    for (const [index, { sql, fields }] of composite) {
      if (have.has(index)) continue;
      ctx.step('syncDuplicateIndexes', name);
      await ctx.indexDdl([sql], object.tableName);
      ctx.note(`${fields.join(' + ')} are indexed together for duplicate matching`);
    }
  }
}
