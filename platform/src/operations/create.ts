import { PlatformError } from '../errors/index.ts';
import type { ObjectModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import { copyRows } from '../storage/sql/copy.ts';
import { uuidv7 } from '../util/ids.ts';
import type { OperationContext, SaveBatch, WriteOptions } from './context.ts';
import { traceStep } from './trace.ts';
import { limitExceeded } from '../model/limits.ts';
import { checkNewIds, checkReferences, checkUnique } from './references.ts';
import { checkCompositeUnique, mappingUnique } from './unique.ts';
import { columnValues, validateRecords } from './record-values.ts';
import { withDefaults } from './defaults.ts';
import { fieldType } from '../field-types/registry.ts';
import { assignValues } from './assigned.ts';
import { checkLinks, writeLinks } from './links.ts';


/**
 * Creates records, atomically: validated against their fields' JSON Schemas, references and unique
 * values checked, then the save pipeline around one write of the whole batch (preceded by one
 * counter statement per auto-number field): an INSERT … SELECT FROM json_to_recordset, or for a
 * batch of COPY_FROM_ROWS records or more a COPY (the staged path: same hooks, same checks, same
 * constraints). Returns the new ids in input order.
 */
export async function createRecords(ctx: OperationContext, object: ObjectModel, inputs: Record<string, unknown>[], pointer = (i: number) => `/data/${i}`, options: WriteOptions = {}): Promise<string[]> {
  if (inputs.length > ctx.limits.maxBatchSize) throw limitExceeded('maxBatchSize', inputs.length, ctx.limits.maxBatchSize, 'Too many records in one batch');
  await traceStep(ctx.tracer, { step: 'create.validate', object: object.name, records: inputs.length }, async () => validateRecords(object, 'create', inputs, pointer));
  const records = await withDefaults(ctx, object, inputs, pointer);
  const defaulted = records.map((r, i) => new Set(Object.keys(r).filter((k) => !(k in inputs[i]))));
  const batch: SaveBatch & { kind: 'create' } = { kind: 'create' as const, object, records, ids: records.map((r) => (typeof r.id === 'string' ? r.id : uuidv7())), allowDuplicates: options.allowDuplicates === true, pointer, defaulted };
  await ctx.pipeline.save(ctx, batch, async () => {
    await checkNewIds(ctx, object, batch.records, pointer);
    await checkReferences(ctx, object, batch.records, pointer);
    await checkLinks(ctx, object, batch.records, pointer);
    await checkUnique(ctx, object, batch.records, pointer);
    await checkCompositeUnique(ctx, object, batch.records, pointer);
    // A concurrent writer can still take a unique value: the index's refusal names the fields too.
    await mappingUnique(object, (field) => (batch.records.length === 1 ? `${pointer(0)}/${field}` : `/data/${field}`), () => insert(ctx, object, batch.records, batch.ids));
    // Many-to-many links: rows of their junctions, once the records' rows are there.
    await writeLinks(ctx, object, batch.records, batch.ids, true);
  });
  return answeredIds(inputs.length, batch);
}

/** The ids in input order: the inserted records' and, where a hook answered a record with an existing one (`answered`), that one's. */
function answeredIds(count: number, batch: { ids: string[]; answered?: Map<number, string> }): string[] {
  if (!batch.answered?.size) return batch.ids;
  let k = 0;
  return Array.from({ length: count }, (_, i) => batch.answered!.get(i) ?? batch.ids[k++]);
}

/** A batch of at least this many records is written by COPY; a smaller one by one INSERT (a COPY's set-up costs more than it saves). */
export const COPY_FROM_ROWS = 200;

async function insert(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], ids: string[]): Promise<void> {
  if (records.length === 0) return;
  // Auto-numbers: written into the batch's records, so that after-write hooks and audit see them.
  await assignValues(ctx, object, records);
  const columns: { name: string; type: string }[] = [
    { name: 'id', type: 'uuid' }, { name: 'createdBy', type: 'uuid' }, { name: 'updatedBy', type: 'uuid' }, { name: 'ownerId', type: 'uuid' },
    { name: 'createdAt', type: 'timestamptz' }, { name: 'updatedAt', type: 'timestamptz' },
  ];
  // By the platform clock (operations/timestamps.ts), one instant for the batch.
  const at = ctx.pipeline.clock.now().toISOString();
  for (const field of object.catalog.definition.fields) for (const c of fieldType(field.type).columns(field)) columns.push({ name: c.column, type: c.sqlType });
  const user = ctx.principal.userId;
  const rows = records.map((record, i) => {
    const row: Record<string, unknown> = { id: ids[i], createdBy: user, updatedBy: user, ownerId: record.owner === null ? null : (record.owner as string | undefined) ?? user, createdAt: at, updatedAt: at };
    for (const [column, value] of columnValues(object, record)) row[column] = value;
    return row;
  });
  // A column absent from every row keeps its database default; an explicit null is written as null
  // (absent fields with a default were filled in by withDefaults already).
  const used = columns.filter((c) => rows.some((r) => r[c.name] !== undefined));
  if (used.length === 0) throw new PlatformError('BAD_USER_INPUT', 'Nothing to create');
  const table = qualified(ctx.model.schema, object.catalog.tableName);
  // The staged path: from this many rows on, COPY (no JSON to build and parse, no executor per row).
  if (records.length >= COPY_FROM_ROWS) return copyRows(ctx.db, table, used, rows.map((r) => used.map((c) => r[c.name])));
  const names = used.map((c) => quoteIdent(c.name)).join(', ');
  const spec = used.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  // A jsonb column's value is JSON text already: parsed, so that it is nested in the JSON, not a string in it.
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(used.map((c) => {
    const value = r[c.name] ?? null;
    return [c.name, c.type === 'jsonb' && typeof value === 'string' ? JSON.parse(value) : value];
  }))));
  await ctx.db.query(`insert into ${table} (${names}) select ${names} from json_to_recordset($1::json) as x(${spec})`, [json]);
}
