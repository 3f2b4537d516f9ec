import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/model.ts';
import { reachableIds } from './read.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import type { OperationContext } from './context.ts';

/**
 * Every lookup and user value of the records must name a live record of its target that the caller
 * may read, or an active user of the tenant — and so must `owner`. The refused ones are reported
 * with their pointers, before anything is written. A record the caller cannot see is refused exactly
 * as one that does not exist (same code, same message), so a lookup value is no oracle.
 */
export async function checkReferences(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], pointer: (i: number) => string): Promise<void> {
  const details: ErrorDetail[] = [];
  const refused = (field: string, what: string, found: Set<string>) => records.forEach((r, i) => {
    const v = r[field];
    if (typeof v === 'string' && !found.has(v)) details.push({ pointer: `${pointer(i)}/${field}`, message: `no ${what} with id ${v}`, field });
  });
  const valuesOf = (field: string) => [...new Set(records.map((r) => r[field]).filter((v): v is string => typeof v === 'string'))];
  const users = async (ids: string[]) => new Set((await ctx.db.query('select id from tessera.users where tenant_id = $1 and id = any($2::uuid[]) and is_active', [ctx.model.tenantId, ids])).rows.map((r) => r.id as string));

  const owners = valuesOf('owner');
  if (owners.length) refused('owner', 'active user', await users(owners));
  for (const field of object.catalog.definition.fields) {
    const type = fieldType(field.type);
    const isUser = type.graphql === 'User';
    if (!type.reference && !isUser) continue;
    const ids = valuesOf(field.name);
    if (ids.length === 0) continue;
    if (isUser) refused(field.name, 'active user', await users(ids));
    else refused(field.name, field.target!, await visibleIds(ctx, field.target!, ids));
  }
  if (details.length) throw new PlatformError('REFERENCE_NOT_FOUND', `${details[0].pointer}: ${details[0].message}`, { details, extensions: { field: details[0].field } });
}

/** Which of `ids` are live records of `object` the caller may read (all live ones for system writes). */
async function visibleIds(ctx: OperationContext, object: string, ids: string[]): Promise<Set<string>> {
  if (ctx.security && !ctx.security.object(object).read) return new Set();
  return new Set(await reachableIds(ctx, object, { ids, mode: 'read' }));
}

/**
 * Unique fields must hold values no other live record holds — and no two records of the batch.
 * Checked before writing, so the error names the field and the record; the unique index still
 * guards against a concurrent writer.
 */
export async function checkUnique(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], pointer: (i: number) => string, excludeIds: string[] = []): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const field of object.catalog.definition.fields) {
    if (!field.unique) continue;
    const type = fieldType(field.type);
    const columns = type.columns(field);
    if (columns.length !== 1) continue;
    // Case-insensitive types (e-mail) compare lower-cased values, as their unique index does.
    const ci = type.capabilities.caseInsensitive === true;
    const norm = (v: unknown) => (ci && typeof v === 'string' ? v.toLowerCase() : v);
    const seen = new Map<string, number>();
    records.forEach((r, i) => {
      const v = r[field.name];
      if (v === null || v === undefined) return;
      const key = JSON.stringify(norm(v));
      if (seen.has(key)) details.push({ pointer: `${pointer(i)}/${field.name}`, message: `repeats the value of ${pointer(seen.get(key)!)}`, field: field.name });
      else seen.set(key, i);
    });
    const values = records.map((r) => norm(r[field.name])).filter((v) => v !== null && v !== undefined);
    if (values.length === 0) continue;
    const cast = columns[0].sqlType.replace(/\(.*\)/, '');
    const column = ci ? `lower(${quoteIdent(columns[0].column)})` : quoteIdent(columns[0].column);
    const { rows } = await ctx.db.query(
      `select ${column} as v from ${qualified(ctx.model.schema, object.catalog.tableName)} where ${column} = any($1::${cast}[]) and "deletedAt" is null and not (id = any($2::uuid[]))`,
      [values, excludeIds]);
    const taken = new Set(rows.map((r) => JSON.stringify(typeof r.v === 'string' || typeof r.v === 'number' ? r.v : String(r.v))));
    records.forEach((r, i) => {
      const v = r[field.name];
      if (v !== null && v !== undefined && taken.has(JSON.stringify(norm(v)))) details.push({ pointer: `${pointer(i)}/${field.name}`, message: `another ${object.name} already has ${field.name} ${JSON.stringify(v)}`, field: field.name });
    });
  }
  if (details.length) throw new PlatformError('UNIQUE_VIOLATION', `${details[0].pointer}: ${details[0].message}`, { details, extensions: { field: details[0].field } });
}

/**
 * Ids a create names itself must be new: not another record's (deleted ones included: the id stays
 * theirs until they are purged) and not given twice in the batch.
 */
export async function checkNewIds(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], pointer: (i: number) => string): Promise<void> {
  const given = new Map<string, number>();
  const details: ErrorDetail[] = [];
  records.forEach((r, i) => {
    if (typeof r.id !== 'string') return;
    const first = given.get(r.id.toLowerCase());
    if (first !== undefined) details.push({ pointer: `${pointer(i)}/id`, message: `repeats the id of ${pointer(first)}`, field: 'id' });
    else given.set(r.id.toLowerCase(), i);
  });
  if (given.size > 0) {
    const { rows } = await ctx.db.query(`select id from ${qualified(ctx.model.schema, object.catalog.tableName)} where id = any($1::uuid[])`, [[...given.keys()]]);
    for (const row of rows) details.push({ pointer: `${pointer(given.get(String(row.id))!)}/id`, message: `another ${object.name} already has the id ${row.id}`, field: 'id' });
  }
  if (details.length) throw new PlatformError('UNIQUE_VIOLATION', `${details[0].pointer}: ${details[0].message}`, { details, extensions: { field: 'id' } });
}

/** Maps a unique or foreign-key violation from PostgreSQL to the field it concerns. */
export function fieldOfConstraint(object: ObjectModel, constraint: string | undefined): string | undefined {
  if (!constraint) return undefined;
  const short = constraint.slice(3);
  for (const [name, f] of object.catalog.fields) if (f.id.replace(/-/g, '').endsWith(short)) return name;
  return undefined;
}
