import { PlatformError } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { SaveHook } from '../operations/index.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';

/**
 * Refuses writes that would make a tree field (a record's parent in its own object) loop: a record
 * its own parent, or the parent of one of its ancestors. Every write path (GraphQL single and bulk,
 * upserts, scripts' ctx.db, commands, imports) saves through the pipeline, so one hook covers them.
 *
 * At `afterWrite`, when the rows hold their new parents (before-triggers' changes included): from
 * each written record, one recursive walk up its ancestors; a walk that comes back to its start is
 * a cycle (VALIDATION_FAILED at the field). The table was acyclic before the write, so every new
 * cycle passes through a written record and its walk finds it. Two transactions each moving one
 * node under the other would both pass alone: a batch that sets a tree field first takes a
 * transaction-level advisory lock per field, so moves in one tree are checked one after another.
 */
export function hierarchyHook(): SaveHook {
  return {
    name: 'noCycles',
    step: 'afterWrite',
    events: ['create', 'update'],
    async run(ctx, batch) {
      if (batch.ids.length === 0) return;
      const fields = batch.object.catalog.definition.fields.filter((f) => fieldType(f.type).selfReference);
      for (const field of fields) {
        if (!batch.records.some((r) => r && field.name in r)) continue;
        const table = qualified(ctx.model.schema, batch.object.catalog.tableName);
        const column = quoteIdent(fieldType(field.type).columns(field)[0].column);
        await ctx.db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`tree:${ctx.model.schema}.${batch.object.name}.${field.name}`]);
        const { rows } = await ctx.db.query(
          `with recursive up(start, id) as (
             select t.id, t.${column} from ${table} t where t.id = any($1::uuid[]) and t.${column} is not null
             union
             select up.start, t.${column} from up join ${table} t on t.id = up.id where t.${column} is not null and up.id <> up.start
           ) select start from up where id = start`,
          [batch.ids]);
        if (rows.length === 0) continue;
        const position = new Map(batch.ids.map((id, i) => [id, i]));
        const looping = new Set(rows.map((r) => String(r.start)));
        const pointer = (i: number) => (batch.kind === 'create' && batch.records.length > 1 ? `/data/${i}` : '/data');
        const details = batch.ids.filter((id) => looping.has(id)).map((id) => ({
          pointer: `${pointer(position.get(id)!)}/${field.name}`, message: 'would make the record its own ancestor', field: field.name, id,
        }));
        throw new PlatformError('VALIDATION_FAILED', `${batch.object.name}.${field.name}: a record cannot be under itself`, { details });
      }
    },
  };
}
