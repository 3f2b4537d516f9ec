import { PlatformError } from '../errors/index.ts';
import type { ObjectModel } from '../model/model.ts';
import { SqlWriter } from '../query/index.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import type { OperationContext, SaveBatch, WriteOptions } from './context.ts';
import { traceStep } from './trace.ts';
import { limitExceeded } from '../model/limits.ts';
import { checkReferences, checkUnique } from './references.ts';
import { checkCompositeUnique, mappingUnique } from './unique.ts';
import { columnValues, validateRecords } from './record-values.ts';
import { touchedAt } from './timestamps.ts';
import { reachableIds } from './read.ts';
import { checkLinks, writeLinks } from './links.ts';
import type { Filter } from '../query/index.ts';

/** Builds `set "a" = $1, …, "updatedAt" = <clock>, "updatedBy" = $n` for one record input. */
function setClause(ctx: OperationContext, object: ObjectModel, data: Record<string, unknown>, w: SqlWriter): string {
  const sets: string[] = [];
  for (const [column, value] of columnValues(object, data)) sets.push(`${quoteIdent(column)} = ${w.param(value)}`);
  if (typeof data.owner === 'string') sets.push(`"ownerId" = ${w.param(data.owner, 'uuid')}`);
  else if (data.owner === null) sets.push('"ownerId" = null');
  sets.push(touchedAt(w.param(ctx.pipeline.clock.now().toISOString(), 'timestamptz')), `"updatedBy" = ${w.param(ctx.principal.userId, 'uuid')}`);
  return sets.join(', ');
}

/** Updates one record. With `expectedUpdatedAt`, refuses with CONFLICT when the record moved on since. */
export async function updateRecord(ctx: OperationContext, object: ObjectModel, id: string, data: Record<string, unknown>, expectedUpdatedAt?: string | null, options: WriteOptions = {}): Promise<string> {
  await traceStep(ctx.tracer, { step: 'update.validate', object: object.name, records: 1 }, async () => validateRecords(object, 'update', [data], () => '/data'));
  const table = qualified(ctx.model.schema, object.catalog.tableName);
  const batch: SaveBatch = { kind: 'update', object, records: [data], ids: [id], allowDuplicates: options.allowDuplicates === true, pointer: () => '/data' };
  await ctx.pipeline.save(ctx, batch, async () => {
    await checkReferences(ctx, object, batch.records, () => '/data');
    await checkLinks(ctx, object, batch.records, () => '/data');
    await checkUnique(ctx, object, batch.records, () => '/data', [id]);
    await checkCompositeUnique(ctx, object, batch.records, () => '/data', [id]);
    const w = new SqlWriter();
    const set = setClause(ctx, object, batch.records[0], w);
    let where = `id = ${w.param(id, 'uuid')} and "deletedAt" is null`;
    if (expectedUpdatedAt) where += ` and "updatedAt" = ${w.param(expectedUpdatedAt, 'timestamptz')}`;
    const { rowCount, rows: written } = await mappingUnique(object, (field) => `/data/${field}`, () => ctx.db.query(`update ${table} set ${set} where ${where} returning clock_timestamp()::text as "at"`, w.params));
    batch.writtenAt = written[0]?.at;
    if (rowCount === 0) {
      const { rows } = await ctx.db.query(`select "updatedAt" from ${table} where id = $1 and "deletedAt" is null`, [id]);
      if (rows.length === 0) throw new PlatformError('NOT_FOUND', `No ${object.name} with id ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
      throw new PlatformError('CONFLICT', `The ${object.name} changed since ${expectedUpdatedAt}; reload it and try again`, { details: [{ pointer: '/expectedUpdatedAt', message: 'the record moved on' }], extensions: { updatedAt: rows[0].updatedAt } });
    }
    await writeLinks(ctx, object, batch.records, batch.ids, false);
  });
  return id;
}

/**
 * Updates every live record matching `filter` that the caller may change with the same data;
 * returns their ids (the others are left alone, unseen). Each record gets its own copy of the data,
 * so a before-trigger may change records differently; records left with the same values are written
 * by one statement.
 */
export async function updateMatching(ctx: OperationContext, object: ObjectModel, filter: Filter | null | undefined, data: Record<string, unknown>, options: WriteOptions = {}): Promise<string[]> {
  await traceStep(ctx.tracer, { step: 'update.validate', object: object.name, records: 1 }, async () => validateRecords(object, 'update', [data], () => '/data'));
  const table = qualified(ctx.model.schema, object.catalog.tableName);
  const ids = await matchingIds(ctx, object, filter);
  const batch: SaveBatch = { kind: 'update', object, records: ids.map(() => ({ ...data })), ids, allowDuplicates: options.allowDuplicates === true, pointer: () => '/data' };
  await ctx.pipeline.save(ctx, batch, async () => {
    if (ids.length === 0) return;
    const groups = sameValues(batch.records, ids);
    const distinct = groups.map((g) => g.data);
    await checkReferences(ctx, object, distinct, () => '/data');
    await checkLinks(ctx, object, distinct, () => '/data');
    const uniqueSet = (d: Record<string, unknown>) => object.catalog.definition.fields.some((f) => f.unique && d[f.name] !== undefined && d[f.name] !== null);
    if (groups.some((g) => g.ids.length > 1 && uniqueSet(g.data))) {
      throw new PlatformError('UNIQUE_VIOLATION', 'A unique field cannot be set to one value on several records', { details: [{ pointer: '/data', message: 'unique field in a bulk update' }] });
    }
    await checkUnique(ctx, object, distinct, () => '/data', ids);
    // Each record's key of a composite unique index: what the data sets, and its own values for the rest.
    const each = groups.flatMap((g) => g.ids.map((id) => ({ id, data: g.data })));
    await checkCompositeUnique(ctx, object, each.map((e) => e.data), () => '/data', each.map((e) => e.id));
    for (const group of groups) {
      const w = new SqlWriter();
      const set = setClause(ctx, object, group.data, w);
      const { rows: written } = await mappingUnique(object, (field) => `/data/${field}`, () => ctx.db.query(`update ${table} set ${set} where id = any(${w.param(group.ids, 'uuid[]')}) returning clock_timestamp()::text as "at"`, w.params));
      batch.writtenAt = written.at(-1)?.at ?? batch.writtenAt;
    }
    await writeLinks(ctx, object, batch.records, batch.ids, false);
  });
  return ids;
}

/** The records grouped by equal values (one group when no trigger told them apart). */
function sameValues(records: Record<string, unknown>[], ids: string[]): { data: Record<string, unknown>; ids: string[] }[] {
  const groups = new Map<string, { data: Record<string, unknown>; ids: string[] }>();
  records.forEach((record, i) => {
    const key = JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const group = groups.get(key);
    if (group) group.ids.push(ids[i]);
    else groups.set(key, { data: record, ids: [ids[i]] });
  });
  return [...groups.values()];
}

/**
 * The targets of a bulk change: the ids of the live records matching `filter` that the caller may
 * change (row-level write access, applied by the access transform like every read's), locked for
 * the transaction, within the batch size limit.
 */
export async function matchingIds(ctx: OperationContext, object: ObjectModel, filter: Filter | null | undefined): Promise<string[]> {
  const limit = ctx.limits.maxBatchSize;
  const ids = await reachableIds(ctx, object.name, { filter, mode: 'write', limit: limit + 1, lock: true });
  if (ids.length > limit) throw limitExceeded('maxBatchSize', ids.length, limit, 'The filter matches too many records for one bulk change');
  return ids;
}
