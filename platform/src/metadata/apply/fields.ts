import { PlatformError } from '../../errors/index.ts';
import type { ColumnSpec } from '../../field-types/field-type.ts';
import { fieldType } from '../../field-types/registry.ts';
import { FieldDefinitionEntity } from '../../storage/system/entities/index.ts';
import {
  addColumnsSql, createJunctionSql, createUniqueIndexSql, ddlNames, referenceSql, renameColumnSql, setNotNullSql,
} from '../../storage/ddl/index.ts';
import { tenantTimeZone } from '../../clock/index.ts';
import { qualified, quoteIdent } from '../../storage/sql/quote.ts';
import { uuidv7 } from '../../util/ids.ts';
import type { CatalogObject } from '../catalog.ts';
import type { Change } from '../changes.ts';
import type { ResolvedField } from '../definitions.ts';
import type { ApplyContext } from './context.ts';
import { liveObject } from './objects.ts';
import { followLayout } from './layout-refs.ts';

type Of<K extends Change['kind']> = Extract<Change, { kind: K }>;

export function columnsOf(field: ResolvedField): ColumnSpec[] {
  return fieldType(field.type).columns(field);
}

/**
 * Refuses a field one of whose columns another field of the object has (`except`: the field being
 * changed). Names differ but columns can meet: a part column is `<field>__<part>` (`fee__currency`),
 * which is also a namespaced field's name (namespace `fee`).
 */
export function assertColumnsFree(object: CatalogObject, field: ResolvedField, pointer: string, except?: string): void {
  const wanted = new Set(columnsOf(field).map((c) => c.column));
  for (const [name, other] of object.fields) {
    if (name === except) continue;
    const clash = columnsOf(other.definition).find((c) => wanted.has(c.column));
    if (clash) {
      const message = `its column ${clash.column} is a column of the field ${name}`;
      throw new PlatformError('CONFLICT', `"${field.name}": ${message}; rename one of them`, { details: [{ pointer: `${pointer}/name`, message }] });
    }
  }
}

/** The reference a lookup-like field makes, checked against the live objects. */
export function checkedReference(ctx: ApplyContext, field: ResolvedField, pointer: string) {
  const ref = fieldType(field.type).reference?.(field);
  if (!ref) return undefined;
  const target = ctx.catalog.objects.get(ref.target);
  if (!target) {
    throw new PlatformError('REFERENCE_NOT_FOUND', `"${field.name}" looks up "${ref.target}", which is not an object`, { details: [{ pointer: `${pointer}/target`, message: `no object "${ref.target}"` }] });
  }
  return { ref, targetTable: target.tableName };
}

/** The object a many-to-many links to, checked against the live objects (its own object for a self relation). */
export function checkedLinkTarget(ctx: ApplyContext, field: ResolvedField, pointer: string): CatalogObject | undefined {
  if (!fieldType(field.type).links) return undefined;
  const target = ctx.catalog.objects.get(String(field.target));
  if (!target) throw new PlatformError('REFERENCE_NOT_FOUND', `"${field.name}" links to "${String(field.target)}", which is not an object`, { details: [{ pointer: `${pointer}/target`, message: `no object "${String(field.target)}"` }] });
  return target;
}

/** The tenant's time zone (settings.timeZone, else UTC), for values written from dates. */
async function timeZoneOf(ctx: ApplyContext): Promise<string> {
  const [row] = await ctx.sql.query<{ settings: Record<string, unknown> | null }>('select settings from tessera.tenants where id = $1', [ctx.catalog.tenantId]);
  return tenantTimeZone(row?.settings);
}

export async function tableHasRows(ctx: ApplyContext, object: CatalogObject): Promise<boolean> {
  const [row] = await ctx.sql.query<{ e: boolean }>(`select exists (select 1 from ${qualified(ctx.schema, object.tableName)}) as e`);
  return Boolean(row?.e);
}

/** Adds a field: its columns (no table rewrite), its unique index, and for lookups a foreign key and index. */
export async function createField(ctx: ApplyContext, change: Of<'createField'>): Promise<void> {
  const object = liveObject(ctx, change.object, change.pointer);
  const { field } = change;
  ctx.begin(change, change.object, field.name);
  if (object.fields.has(field.name)) {
    throw new PlatformError('CONFLICT', `${change.object} already has a field "${field.name}"`, { details: [{ pointer: `${change.pointer}/name`, message: 'is taken' }] });
  }
  assertColumnsFree(object, field, change.pointer);
  const reference = checkedReference(ctx, field, change.pointer);
  const linked = checkedLinkTarget(ctx, field, change.pointer);
  const columns = columnsOf(field);
  if (field.required && columns.some((c) => !c.defaultSql) && (await tableHasRows(ctx, object))) {
    const rows = await ctx.count(`select count(*) as n from ${qualified(ctx.schema, object.tableName)}`);
    throw new PlatformError('CONFLICT', `${change.object} has ${rows} records that would have no ${field.name}; give the field a defaultValue or make it optional`, {
      details: [{ pointer: `${change.pointer}/required`, message: `${rows} existing records have no value`, rows }],
    });
  }
  const id = uuidv7();
  const assign = fieldType(field.type).assign;
  // A field the platform assigns gets its NOT NULL once the existing records have their values.
  if (columns.length) await ctx.ddl(addColumnsSql(ctx.schema, object.tableName, columns, !assign));
  // A many-to-many owns its junction instead (kept while the field is deleted, dropped at purge).
  if (linked) await ctx.ddl(createJunctionSql(ctx.schema, id, object.tableName, linked.tableName));
  if (assign) {
    await ctx.ddl(assign.fillSql(field, { schema: ctx.schema, table: object.tableName, fieldId: id, timeZone: await timeZoneOf(ctx) }));
    for (const c of columns) if (c.notNull) await ctx.ddl(setNotNullSql(ctx.schema, object.tableName, c.column, true));
  }
  if (field.unique) await ctx.indexDdl(createUniqueIndexSql(ctx.schema, object.tableName, id, columns.map((c) => c.column), fieldType(field.type).capabilities.caseInsensitive), object.tableName);
  if (reference) await ctx.indexDdl(referenceSql(ctx.schema, object.tableName, id, columns[0].column, reference.ref, reference.targetTable), object.tableName);
  const position = change.position ?? object.definition.fields.length;
  await ctx.em.insert(FieldDefinitionEntity, {
    id, tenantId: ctx.catalog.tenantId, objectId: object.id, name: field.name, type: field.type, position, definition: field, createdAt: ctx.now, updatedAt: ctx.now,
  });
  object.definition.fields.push(field);
  object.fields.set(field.name, { id, definition: field });
  ctx.history('createField', `${change.object}.${field.name}`, null, field);
}

/** Deletes a field recoverably: its columns are renamed out of the way until the retention period ends. */
export async function deleteField(ctx: ApplyContext, change: Of<'deleteField'>): Promise<void> {
  const object = liveObject(ctx, change.object, change.pointer);
  const current = object.fields.get(change.name);
  if (!current) throw new PlatformError('NOT_FOUND', `${change.object} has no field "${change.name}"`, { details: [{ pointer: change.pointer, message: 'no such field' }] });
  ctx.begin(change, change.object, change.name);
  const indexes = object.definition.indexes.filter((i) => i.fields.includes(change.name));
  if (indexes.length > 0) {
    throw new PlatformError('CONFLICT', `"${change.name}" is used by the index ${indexes.map((i) => i.name).join(', ')}; remove it from the index first`, {
      details: indexes.map((i) => ({ pointer: change.pointer, message: `used by index ${i.name}` })),
      extensions: { dependants: indexes.map((i) => ({ kind: 'object', name: change.object, pointer: `/indexes/${object.definition.indexes.indexOf(i)}` })) },
    });
  }
  // List views, dashboards, sharing rules, scripts: refused, or they let go of the field (kinds/dependants.ts).
  await ctx.dependants?.(ctx, { action: 'delete', target: { kind: 'field', name: `${change.object}.${change.name}` } }, change.pointer);
  const parked: Record<string, string> = {};
  for (const column of columnsOf(current.definition)) {
    parked[column.column] = ddlNames.parkedColumn(current.id, column.part);
    await ctx.ddl(renameColumnSql(ctx.schema, object.tableName, column.column, parked[column.column]));
    // A required column must not block inserts while the field is gone.
    if (column.notNull) await ctx.ddl([`ALTER TABLE ${qualified(ctx.schema, object.tableName)} ALTER COLUMN ${quoteIdent(parked[column.column])} DROP NOT NULL`]);
  }
  await ctx.em.nativeUpdate(FieldDefinitionEntity, { id: current.id }, { parkedColumns: parked, deletedAt: ctx.now, purgeAfter: ctx.purgeAfter, updatedAt: ctx.now });
  object.fields.delete(change.name);
  object.definition.fields = object.definition.fields.filter((f) => f.name !== change.name);
  await followLayout(ctx, object);
  ctx.note(`recoverable with restoreField until ${ctx.purgeAfter.toISOString()}`);
  ctx.history('deleteField', `${change.object}.${change.name}`, current.definition, null);
}

/** Brings back the most recently deleted field of that name with its values. */
export async function restoreField(ctx: ApplyContext, change: Of<'restoreField'>): Promise<void> {
  const object = liveObject(ctx, change.object, change.pointer);
  ctx.begin(change, change.object, change.name);
  if (object.fields.has(change.name)) throw new PlatformError('CONFLICT', `${change.object} already has a field "${change.name}"`, { details: [{ pointer: change.pointer, message: 'is taken' }] });
  const [row] = await ctx.sql.query<{ id: string; definition: ResolvedField; parked_columns: Record<string, string> }>(
    'select id, definition, parked_columns from tessera.field_definitions where object_id = $1 and name = $2 and deleted_at is not null order by deleted_at desc limit 1',
    [object.id, change.name]);
  if (!row) throw new PlatformError('NOT_FOUND', `${change.object} has no deleted field "${change.name}" to restore`, { details: [{ pointer: change.pointer, message: 'nothing to restore' }] });
  assertColumnsFree(object, row.definition, change.pointer);
  checkedReference(ctx, row.definition, change.pointer);
  // Its junction waited under the field's id, links and all.
  checkedLinkTarget(ctx, row.definition, change.pointer);
  const assign = fieldType(row.definition.type).assign;
  for (const column of columnsOf(row.definition)) {
    await ctx.ddl(renameColumnSql(ctx.schema, object.tableName, row.parked_columns[column.column], column.column));
  }
  // Records created while the field was deleted get their values now, after everyone else's.
  if (assign) await ctx.ddl(assign.fillSql(row.definition, { schema: ctx.schema, table: object.tableName, fieldId: row.id, timeZone: await timeZoneOf(ctx) }));
  for (const column of columnsOf(row.definition)) {
    if (column.notNull) {
      const nulls = await ctx.count(`select count(*) as n from ${qualified(ctx.schema, object.tableName)} where ${quoteIdent(column.column)} is null`);
      if (nulls === 0) await ctx.ddl([`ALTER TABLE ${qualified(ctx.schema, object.tableName)} ALTER COLUMN ${quoteIdent(column.column)} SET NOT NULL`]);
      else ctx.note(`${nulls} records created while the field was deleted have no value; it is required again for new writes`);
    }
  }
  await ctx.em.nativeUpdate(FieldDefinitionEntity, { id: row.id }, { parkedColumns: null, deletedAt: null, purgeAfter: null, position: object.definition.fields.length, updatedAt: ctx.now });
  object.definition.fields.push(row.definition);
  object.fields.set(change.name, { id: row.id, definition: row.definition });
  ctx.history('restoreField', `${change.object}.${change.name}`, null, row.definition);
}

