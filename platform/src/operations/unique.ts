import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ResolvedField } from '../metadata/definitions.ts';
import type { ObjectModel } from '../model/index.ts';
import { castOf } from '../query/index.ts';
import { ddlNames } from '../storage/ddl/identifiers.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import type { OperationContext } from './context.ts';
import { fieldOfConstraint } from './references.ts';

/** A unique composite index (`indexes: [{fields: [a, b], unique: true}]`): its name, its fields, and its key's columns. */
interface CompositeUnique {
  name: string;
  fields: ResolvedField[];
  columns: { column: string; cast: string }[];
  /** Its fields are all the object's own single-column scalars, so its key can be probed before writing. */
  checkable: boolean;
}

const composites = new WeakMap<ObjectModel, CompositeUnique[]>();

function compositeUniques(object: ObjectModel): CompositeUnique[] {
  let list = composites.get(object);
  if (!list) {
    list = (object.catalog.definition.indexes ?? []).filter((i) => i.unique).map((index) => {
      const fields = index.fields.map((name) => object.catalog.fields.get(name)?.definition);
      const own = fields.every((f): f is ResolvedField => !!f && fieldType(f.type).columns(f).length === 1);
      const columns = own ? fields.map((f) => fieldType(f!.type).columns(f!)[0]).map((c) => ({ column: c.column, cast: castOf(c.sqlType) })) : [];
      const scalar = columns.every((c) => c.cast !== 'jsonb' && !c.cast.endsWith('[]'));
      return { name: index.name, fields: own ? (fields as ResolvedField[]) : [], columns, checkable: own && scalar };
    });
    composites.set(object, list);
  }
  return list;
}

/** A key value as text, the form it is compared in (cast back to the column's type in SQL). */
const asText = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

function violation(object: ObjectModel, index: CompositeUnique, details: ErrorDetail[]): PlatformError {
  const names = index.fields.map((f) => f.name);
  return new PlatformError('UNIQUE_VIOLATION', `${details[0].pointer}: another ${object.name} already has this ${names.join(', ')}`, { details, extensions: { field: names[0], fields: names, index: index.name } });
}

/**
 * The keys of unique composite indexes, checked before writing as unique fields are
 * (references.ts checkUnique): a record whose fields together repeat those of another live record,
 * or of an earlier record of the batch, is refused UNIQUE_VIOLATION with the pointer of each field
 * of the index. For updates (`ids`, in record order) a field the input leaves alone keeps its
 * current value; a key with a null never collides (PostgreSQL's nulls are distinct). The index
 * still guards against a concurrent writer (uniqueViolation maps its refusal).
 */
export async function checkCompositeUnique(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], pointer: (i: number) => string, ids?: readonly string[]): Promise<void> {
  const indexes = compositeUniques(object).filter((ix) => ix.checkable && records.some((r) => ix.fields.some((f) => f.name in r)));
  if (indexes.length === 0) return;
  const table = qualified(ctx.model.schema, object.catalog.tableName);
  let current = new Map<string, Record<string, string | null>>();
  if (ids?.length) {
    const columns = [...new Set(indexes.flatMap((ix) => ix.columns.map((c) => c.column)))];
    const { rows } = await ctx.db.query(`select id, ${columns.map((c) => `${quoteIdent(c)}::text as ${quoteIdent(c)}`).join(', ')} from ${table} where id = any($1::uuid[])`, [ids]);
    current = new Map(rows.map((r) => [r.id as string, r]));
  }
  for (const ix of indexes) {
    const keys = records.map((r, i) => {
      if (!ix.fields.some((f) => f.name in r)) return null;
      const row = ids ? current.get(ids[i]) : undefined;
      const key = ix.fields.map((f, k) => (f.name in r ? asText(r[f.name] === null || r[f.name] === undefined ? null : fieldType(f.type).toColumns(r[f.name], f)[0]) : (row?.[ix.columns[k].column] ?? null)));
      return key.some((v) => v === null) ? null : key;
    });
    const refused = new Map<number, string>();
    const seen = new Map<string, number>();
    keys.forEach((key, i) => {
      if (!key) return;
      const k = JSON.stringify(key);
      const first = seen.get(k);
      if (first !== undefined) refused.set(i, `repeats the ${ix.fields.map((f) => f.name).join(', ')} of ${pointer(first)}`);
      else seen.set(k, i);
    });
    const probe = keys.flatMap((key, i) => (key && !refused.has(i) ? [i] : []));
    if (probe.length) {
      const cols = ix.columns.map((c, k) => `t.${quoteIdent(c.column)} = x.c${k}::${c.cast}`).join(' and ');
      const params: unknown[] = [probe, ...ix.columns.map((_, k) => probe.map((i) => keys[i]![k])), ids ?? []];
      const unnest = ['$1::int[]', ...ix.columns.map((_, k) => `$${k + 2}::text[]`)].join(', ');
      const excluded = `$${ix.columns.length + 2}::uuid[]`;
      const { rows } = await ctx.db.query(
        `select x.i from unnest(${unnest}) as x(i, ${ix.columns.map((_, k) => `c${k}`).join(', ')}) where exists (select 1 from ${table} t where ${cols} and t."deletedAt" is null and not (t.id = any(${excluded})))`,
        params);
      for (const r of rows) refused.set(r.i as number, `another ${object.name} already has this ${ix.fields.map((f) => f.name).join(', ')}`);
    }
    if (refused.size === 0) continue;
    const details: ErrorDetail[] = [...refused].sort(([a], [b]) => a - b).flatMap(([i, message]) => ix.fields.map((f) => ({ pointer: `${pointer(i)}/${f.name}`, message, field: f.name })));
    throw violation(object, ix, details);
  }
}

/**
 * A unique violation PostgreSQL raised (a concurrent writer, or a write no check ran before: a
 * restore), mapped to the field or the composite index it concerns: UNIQUE_VIOLATION with the
 * pointer `pointerOf(field)` for each of its fields. Undefined for anything else.
 */
export function uniqueViolation(error: unknown, object: ObjectModel, pointerOf: (field: string) => string): PlatformError | undefined {
  const pg = error as { code?: string; constraint?: string };
  if (pg?.code !== '23505' || !pg.constraint) return undefined;
  const field = fieldOfConstraint(object, pg.constraint);
  if (field && pg.constraint.startsWith('uq_')) {
    return new PlatformError('UNIQUE_VIOLATION', `another ${object.name} already has this ${field}`, { details: [{ pointer: pointerOf(field), message: `another ${object.name} has this value`, field }], extensions: { field } });
  }
  const index = (object.catalog.definition.indexes ?? []).find((i) => i.unique && ddlNames.compositeIndex(object.catalog.id, i.name) === pg.constraint);
  if (!index) return undefined;
  const fields = index.fields;
  const pointers = [...new Set(fields.map(pointerOf))];
  return new PlatformError('UNIQUE_VIOLATION', `another ${object.name} already has this ${fields.join(', ')}`, {
    details: pointers.map((pointer, k) => ({ pointer, message: `another ${object.name} has these values of ${fields.join(', ')}`, field: pointers.length === fields.length ? fields[k] : fields[0] })),
    extensions: { field: fields[0], fields, index: index.name },
  });
}

/** Runs a write statement, mapping a unique violation to the fields it concerns. */
export async function mappingUnique<T>(object: ObjectModel, pointerOf: (field: string) => string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw uniqueViolation(error, object, pointerOf) ?? error;
  }
}
