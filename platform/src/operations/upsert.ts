import { PlatformError } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import type { OperationContext, WriteOptions } from './context.ts';
import { createRecords } from './create.ts';
import { updateRecord } from './update.ts';
import { validateRecords } from './record-values.ts';
import { PlanScope } from '../query/index.ts';
import { recordAccess } from '../security/record-access.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates the record, or updates the live one whose unique field (or id) equals `match`'s. The match
 * names exactly one field; the row is locked while it is updated.
 *
 * Matching reads: it needs read access to the object and to the match field, checked before any
 * query (FORBIDDEN at /match/<field>). A matching record the caller cannot see is treated as no
 * match at all: the upsert goes on as a create, whose unique check then answers UNIQUE_VIOLATION
 * (or, matching by id, the duplicate key) exactly as a plain create of that value would — never
 * NOT_FOUND, and never the record's id.
 */
export async function upsertRecord(ctx: OperationContext, object: ObjectModel, match: Record<string, unknown>, data: Record<string, unknown>, options: WriteOptions = {}): Promise<string> {
  const keys = Object.keys(match).filter((k) => match[k] !== undefined && match[k] !== null);
  if (keys.length !== 1) throw new PlatformError('BAD_USER_INPUT', 'match names exactly one unique field', { details: [{ pointer: '/match', message: 'name exactly one field' }] });
  const key = keys[0];
  // The match value is checked like a record value, so that a malformed one never reaches SQL.
  if (key === 'id' && (typeof match.id !== 'string' || !UUID.test(match.id))) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(match.id)} is not a record id (a UUID)`, { details: [{ pointer: '/match/id', message: 'is not a UUID' }] });
  // A match value is read, not written: a read-only unique field (an auto-number) may be matched on.
  if (key !== 'id') validateRecords(object, 'update', [{ [key]: match[key] }], () => '/match', { readOnly: 'allow' });
  const scope = new PlanScope(ctx.model, ctx.limits, ctx.security);
  scope.checkRead(object.name, '/match');
  if (key !== 'id' && object.catalog.fields.has(key)) scope.checkFieldUse(object.name, key, `/match/${key}`);
  let column = 'id';
  let cast = 'uuid';
  let caseInsensitive = false;
  if (key !== 'id') {
    const field = object.catalog.definition.fields.find((f) => f.name === key && f.unique);
    if (!field) throw new PlatformError('BAD_USER_INPUT', `${key} is not a unique field of ${object.name}`, { details: [{ pointer: `/match/${key}`, message: 'not unique' }] });
    const spec = fieldType(field.type).columns(field)[0];
    column = spec.column;
    cast = spec.sqlType.replace(/\(.*\)/, '');
    caseInsensitive = fieldType(field.type).capabilities.caseInsensitive === true;
  }
  const { rows } = await ctx.db.query(
    `select id from ${qualified(ctx.model.schema, object.catalog.tableName)} where ${caseInsensitive ? `lower(${quoteIdent(column)}) = lower($1::${cast})` : `${quoteIdent(column)} = $1::${cast}`} and "deletedAt" is null for update`, [match[key]]);
  const visible = rows.length > 0 && (!ctx.security || ctx.security.bypass || (await recordAccess(ctx.db, ctx.model, ctx.security, object.name, [rows[0].id])).get(rows[0].id)?.readable === true);
  if (visible) return updateRecord(ctx, object, rows[0].id, data, undefined, options);
  const record = key === 'id' ? { ...data, id: match.id } : { [key]: match[key], ...data };
  // The upsert's data is one record: its refusals point under /data, as an update's do.
  const [id] = await createRecords(ctx, object, [record], () => '/data', options);
  return id;
}
