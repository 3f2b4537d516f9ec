import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import { linksChange, type LinksChange } from '../field-types/manyToMany/index.ts';
import type { ResolvedField } from '../metadata/index.ts';
import type { ObjectModel } from '../model/model.ts';
import { qualified } from '../storage/sql/quote.ts';
import type { OperationContext } from './context.ts';
import { reachableIds } from './read.ts';

/** The many-to-many fields of an object, with their junction tables. */
function linkFields(object: ObjectModel): { field: ResolvedField; table: string; target: string }[] {
  const out: { field: ResolvedField; table: string; target: string }[] = [];
  for (const field of object.catalog.definition.fields) {
    if (!fieldType(field.type).links) continue;
    const relation = object.reverse.find((r) => r.junction?.near === 'sourceId' && r.field === field.name);
    if (relation?.junction) out.push({ field, table: relation.junction.table, target: String(field.target) });
  }
  return out;
}

/** Which of `ids` are live records of `object` the caller may read (all live ones for system writes). */
async function visible(ctx: OperationContext, object: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  if (ctx.security && !ctx.security.object(object).read) return new Set();
  return new Set((await reachableIds(ctx, object, { ids, mode: 'read' })).map((id) => id.toLowerCase()));
}

/**
 * Every id a write links to (`set`, `add`, or the array) must be a live record of the target that
 * the caller may read: refused as a lookup value is (REFERENCE_NOT_FOUND, one pointer per id, the
 * same message whether the record is hidden or does not exist). Checked before anything is written.
 */
export async function checkLinks(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], pointer: (i: number) => string): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const { field, target } of linkFields(object)) {
    const given: { id: string; at: string }[] = [];
    records.forEach((record, i) => {
      if (!(field.name in record)) return;
      const value = record[field.name];
      if (Array.isArray(value)) value.forEach((id, k) => given.push({ id: String(id).toLowerCase(), at: `${pointer(i)}/${field.name}/${k}` }));
      else if (value && typeof value === 'object') {
        for (const key of ['set', 'add'] as const) {
          const ids = (value as Record<string, unknown>)[key];
          if (Array.isArray(ids)) ids.forEach((id, k) => given.push({ id: String(id).toLowerCase(), at: `${pointer(i)}/${field.name}/${key}/${k}` }));
        }
      }
    });
    if (given.length === 0) continue;
    const found = await visible(ctx, target, [...new Set(given.map((g) => g.id))]);
    for (const g of given) if (!found.has(g.id)) details.push({ pointer: g.at, message: `no ${target} with id ${g.id}`, field: field.name });
  }
  if (details.length) throw new PlatformError('REFERENCE_NOT_FOUND', `${details[0].pointer}: ${details[0].message}`, { details, extensions: { field: details[0].field } });
}

/**
 * Writes the links the records' many-to-many values say, after their rows (`ids[i]` is record i's
 * id), in the write's transaction: `set` (or an array) makes the links exactly those — except links
 * to records the caller cannot see, which they could not have listed and are left alone — then
 * `add` links more (a link already there stays as it was) and `remove` unlinks (records the caller
 * cannot see: left alone). One statement per field and kind of change for the whole batch.
 */
export async function writeLinks(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], ids: string[], created: boolean): Promise<void> {
  for (const { field, table, target } of linkFields(object)) {
    const changes: { id: string; change: LinksChange }[] = [];
    records.forEach((record, i) => {
      if (field.name in record) changes.push({ id: ids[i], change: linksChange(record[field.name]) });
    });
    if (changes.length === 0) continue;
    const junction = qualified(ctx.model.schema, table);
    const sets = changes.filter((c) => c.change.set);
    if (sets.length && !created) {
      // Only the links the caller can see are theirs to replace.
      const { rows } = await ctx.db.query(`select "sourceId"::text as s, "targetId"::text as t from ${junction} where "sourceId" = any($1::uuid[])`, [sets.map((c) => c.id)]);
      const seen = await visible(ctx, target, [...new Set(rows.map((r) => r.t as string))]);
      const keep = new Map(sets.map((c) => [c.id.toLowerCase(), new Set(c.change.set)]));
      const gone = rows.filter((r) => seen.has(r.t as string) && !keep.get(String(r.s))?.has(r.t as string));
      if (gone.length) await ctx.db.query(`delete from ${junction} j using unnest($1::uuid[], $2::uuid[]) as x(s, t) where j."sourceId" = x.s and j."targetId" = x.t`, [gone.map((r) => r.s), gone.map((r) => r.t)]);
    }
    const added = changes.flatMap((c) => [...(c.change.set ?? []), ...(c.change.add ?? [])].map((t) => [c.id, t] as const));
    if (added.length) {
      await ctx.db.query(
        `insert into ${junction} ("sourceId", "targetId", "createdBy", "createdAt") select x.s, x.t, $3::uuid, $4::timestamptz from unnest($1::uuid[], $2::uuid[]) as x(s, t) on conflict do nothing`,
        [added.map((a) => a[0]), added.map((a) => a[1]), ctx.principal.userId ?? null, ctx.pipeline.clock.now().toISOString()]);
    }
    const removed = changes.flatMap((c) => (c.change.remove ?? []).map((t) => [c.id, t] as const));
    if (removed.length) {
      const seen = await visible(ctx, target, [...new Set(removed.map((r) => r[1]))]);
      const mine = removed.filter((r) => seen.has(r[1]));
      if (mine.length) await ctx.db.query(`delete from ${junction} j using unnest($1::uuid[], $2::uuid[]) as x(s, t) where j."sourceId" = x.s and j."targetId" = x.t`, [mine.map((r) => r[0]), mine.map((r) => r[1])]);
    }
  }
}
