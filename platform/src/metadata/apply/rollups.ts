import { buildModel } from '../../model/model.ts';
import { recomputeSql } from '../../rollups/maintain.ts';
import { allRollups } from '../../rollups/spec.ts';
import { qualified } from '../../storage/sql/quote.ts';
import type { ApplyContext } from './context.ts';

/** The definition a roll-up's stored values were computed for: a change of any of these recomputes it. */
const definitionKey = (field: Record<string, unknown>) => JSON.stringify([field.relation, field.aggregate, field.field ?? null, field.filter ?? null]);

/**
 * Brings every roll-up's stored values in line with its definition, at the end of every object
 * change, in the change's transaction: `_rollups` (in the tenant schema) remembers, per roll-up
 * field id, the definition its values were computed for; a roll-up that is new, restored (deleting
 * it forgets it: its columns were not kept meanwhile), its object restored, or whose relation,
 * aggregate, field or filter changed, is recomputed from all its children by one grouped UPDATE.
 *
 * Inline rather than in a background job: when the change commits, the values are right, and no
 * reader ever sees a roll-up in a "being computed" state. The children's table is locked SHARE
 * meanwhile (writes to it wait; reads go on), so that no child write slips between the recompute
 * and the commit; the price is a change that takes as long as one pass over the children.
 */
export async function syncRollups(ctx: ApplyContext): Promise<void> {
  const table = qualified(ctx.schema, '_rollups');
  const model = buildModel(ctx.catalog);
  const specs = allRollups(model);
  const [exists] = await ctx.sql.query<{ t: string | null }>('select to_regclass($1)::text as t', [`"${ctx.schema}"._rollups`]);
  if (specs.length === 0 && !exists?.t) return;
  if (!exists?.t) await ctx.sql.query(`create table if not exists ${table} ("fieldId" uuid primary key, "definition" text not null)`);
  const known = new Map((await ctx.sql.query<{ fieldId: string; definition: string }>(`select "fieldId", "definition" from ${table}`)).map((r) => [r.fieldId, r.definition]));
  const live = new Set<string>();
  for (const spec of specs) {
    const id = ctx.catalog.objects.get(spec.object)!.fields.get(spec.field.name)!.id;
    live.add(id);
    const key = definitionKey(spec.field);
    if (known.get(id) === key) continue;
    ctx.step('recomputeRollup', spec.object);
    await ctx.sql.query(`lock table ${qualified(ctx.schema, spec.childTable)} in share mode`);
    const { sql, params } = recomputeSql(model, spec);
    await ctx.sql.query(sql, params);
    await ctx.sql.query(`insert into ${table} ("fieldId", "definition") values ($1, $2) on conflict ("fieldId") do update set "definition" = excluded."definition"`, [id, key]);
    ctx.note(`${spec.object}.${spec.field.name} recomputed from every ${spec.child}`);
    ctx.vacuumAfterCommit(ctx.catalog.objects.get(spec.object)!.tableName);
  }
  const gone = [...known.keys()].filter((id) => !live.has(id));
  if (gone.length) await ctx.sql.query(`delete from ${table} where "fieldId" = any($1::uuid[])`, [gone]);
}
