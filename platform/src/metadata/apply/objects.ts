import { PlatformError } from '../../errors/index.ts';
import { FieldDefinitionEntity, ObjectDefinitionEntity } from '../../storage/system/entities/index.ts';
import { createTableSql, ddlNames, dropIndexSql, createCompositeIndexSql, renameTableSql } from '../../storage/ddl/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import { uuidv7 } from '../../util/ids.ts';
import { loadCatalog, referencesTo, type CatalogObject } from '../catalog.ts';
import type { Change } from '../changes.ts';
import type { ResolvedIndex, ResolvedObject } from '../definitions.ts';
import { SYSTEM_FIELDS } from '../names.ts';
import { followObjectRename } from '../../security/follow-rename.ts';
import type { ApplyContext } from './context.ts';

type Of<K extends Change['kind']> = Extract<Change, { kind: K }>;

export function liveObject(ctx: ApplyContext, name: string, pointer: string): CatalogObject {
  const object = ctx.catalog.objects.get(name);
  if (!object) throw new PlatformError('NOT_FOUND', `There is no object "${name}"`, { details: [{ pointer, message: `no object "${name}"` }] });
  return object;
}

function objectRow(object: ResolvedObject) {
  const { fields: _fields, ...rest } = object;
  return rest;
}

/** Creates the object's table (system columns only) and its definition; fields follow as their own changes. */
export async function createObject(ctx: ApplyContext, change: Of<'createObject'>): Promise<void> {
  const { object } = change;
  ctx.begin(change, object.name);
  if (ctx.catalog.objects.has(object.name)) {
    throw new PlatformError('CONFLICT', `An object named "${object.name}" already exists`, { details: [{ pointer: `${change.pointer}/name`, message: 'is taken' }] });
  }
  const id = uuidv7();
  await ctx.ddl(createTableSql(ctx.schema, object.name, id));
  const definition = { ...objectRow(object), indexes: [] };
  await ctx.em.insert(ObjectDefinitionEntity, { id, tenantId: ctx.catalog.tenantId, name: object.name, tableName: object.name, definition, createdAt: ctx.now, updatedAt: ctx.now });
  ctx.catalog.objects.set(object.name, { id, tableName: object.name, definition: { ...definition, fields: [] }, fields: new Map() });
  ctx.history('createObject', object.name, null, definition);
}

/** Changes object-level properties: labels, description, and the API name (a table rename, no rewrite). */
export async function updateObject(ctx: ApplyContext, change: Of<'updateObject'>): Promise<void> {
  const current = liveObject(ctx, change.name, change.pointer);
  const before = objectRow(current.definition);
  const after = { ...objectRow(change.object), indexes: current.definition.indexes };
  ctx.begin(change, change.name);
  const renamed = after.name !== change.name;
  if (renamed) {
    if (ctx.catalog.objects.has(after.name)) throw new PlatformError('CONFLICT', `An object named "${after.name}" already exists`, { details: [{ pointer: `${change.pointer}/name`, message: 'is taken' }] });
    // List views, dashboards and sharing rules follow the rename; a script using the object refuses it (kinds/dependants.ts).
    await ctx.dependants?.(ctx, { action: 'rename', target: { kind: 'object', name: change.name }, to: after.name }, `${change.pointer}/name`);
    await ctx.ddl(renameTableSql(ctx.schema, current.tableName, after.name));
    if (await followObjectRename(ctx.sql, ctx.catalog.tenantId, ctx.schema, change.name, after.name)) {
      ctx.securityChanged = true;
      ctx.note(`permissions, sharing rules and shares now name ${after.name}`);
    }
    // Lookups elsewhere name their target: follow the rename (the foreign keys follow the table by themselves).
    for (const ref of referencesTo(ctx.catalog, change.name)) {
      const holder = ctx.catalog.objects.get(ref.object)!;
      const field = holder.fields.get(ref.field)!;
      field.definition.target = after.name;
      await ctx.em.nativeUpdate(FieldDefinitionEntity, { id: field.id }, { definition: field.definition, updatedAt: ctx.now });
    }
    ctx.catalog.objects.delete(change.name);
    ctx.catalog.objects.set(after.name, current);
    current.tableName = after.name;
  } else {
    ctx.note('no DDL: only labels or descriptions changed');
  }
  current.definition = { ...after, fields: current.definition.fields };
  await ctx.em.nativeUpdate(ObjectDefinitionEntity, { id: current.id }, { name: after.name, tableName: current.tableName, definition: after, updatedAt: ctx.now });
  ctx.history('updateObject', after.name, before, after);
}

/** Deletes an object recoverably: its table is renamed out of the way until the retention period ends. */
export async function deleteObject(ctx: ApplyContext, change: Of<'deleteObject'>): Promise<void> {
  const current = liveObject(ctx, change.name, change.pointer);
  ctx.begin(change, change.name);
  const users = referencesTo(ctx.catalog, change.name).filter((r) => r.object !== change.name);
  if (users.length > 0) {
    throw new PlatformError('CONFLICT', `"${change.name}" is looked up by ${users.map((u) => `${u.object}.${u.field}`).join(', ')}; delete or change those fields first`, {
      details: users.map((u) => ({ pointer: change.pointer, message: `looked up by ${u.object}.${u.field}`, object: u.object, field: u.field })),
      extensions: { dependants: users.map((u) => ({ kind: 'field', name: `${u.object}.${u.field}` })) },
    });
  }
  // Dashboards and scripts on the object refuse; views and sharing rules stay, inert until a restore (kinds/dependants.ts).
  await ctx.dependants?.(ctx, { action: 'delete', target: { kind: 'object', name: change.name } }, change.pointer);
  const parked = ddlNames.parkedTable(current.id);
  await ctx.ddl(renameTableSql(ctx.schema, current.tableName, parked));
  await ctx.em.nativeUpdate(ObjectDefinitionEntity, { id: current.id }, { tableName: parked, deletedAt: ctx.now, purgeAfter: ctx.purgeAfter, updatedAt: ctx.now });
  ctx.catalog.objects.delete(change.name);
  ctx.note(`recoverable with restoreObject until ${ctx.purgeAfter.toISOString()}`);
  ctx.history('deleteObject', change.name, objectRow(current.definition), null);
}

/** Brings back the most recently deleted object of that name, with its records and fields. */
export async function restoreObject(ctx: ApplyContext, change: Of<'restoreObject'>): Promise<void> {
  ctx.begin(change, change.name);
  if (ctx.catalog.objects.has(change.name)) throw new PlatformError('CONFLICT', `An object named "${change.name}" already exists`, { details: [{ pointer: change.pointer, message: 'is taken' }] });
  const [row] = await ctx.sql.query<{ id: string; table_name: string }>(
    'select id, table_name from tessera.object_definitions where tenant_id = $1 and name = $2 and deleted_at is not null order by deleted_at desc limit 1',
    [ctx.catalog.tenantId, change.name]);
  if (!row) throw new PlatformError('NOT_FOUND', `There is no deleted object "${change.name}" to restore`, { details: [{ pointer: change.pointer, message: 'nothing to restore' }] });
  const fields = await ctx.sql.query<{ definition: { name: string; target?: string } }>(
    'select definition from tessera.field_definitions where object_id = $1 and deleted_at is null', [row.id]);
  const missing = fields.filter((f) => f.definition.target && f.definition.target !== change.name && !ctx.catalog.objects.has(f.definition.target));
  if (missing.length > 0) {
    throw new PlatformError('REFERENCE_NOT_FOUND', `Restore the objects it looks up first: ${missing.map((f) => f.definition.target).join(', ')}`, {
      details: missing.map((f) => ({ pointer: change.pointer, message: `${f.definition.name} looks up ${f.definition.target}` })),
    });
  }
  await ctx.ddl(renameTableSql(ctx.schema, row.table_name, change.name));
  await ctx.em.nativeUpdate(ObjectDefinitionEntity, { id: row.id }, { tableName: change.name, deletedAt: null, purgeAfter: null, updatedAt: ctx.now });
  // The change's catalog gets the object back (the model handed over at commit is built from it:
  // without this the data API did not have the restored object until the tenant's catalog was reloaded).
  const restored = (await loadCatalog(ctx.sql, ctx.catalog.tenantId)).objects.get(change.name);
  if (restored) ctx.catalog.objects.set(change.name, restored);
  ctx.history('restoreObject', change.name, null, { name: change.name });
}

function columnsOf(object: CatalogObject, index: ResolvedIndex): string[] {
  return index.fields.map((name) => {
    const field = object.fields.get(name);
    return field ? fieldType(field.definition.type).columns(field.definition)[0].column : name;
  });
}

const sameIndex = (a: ResolvedIndex, b: ResolvedIndex) => a.unique === b.unique && a.fields.join() === b.fields.join();

/** Makes the object's composite indexes those given: drops the removed or changed ones, builds the new. */
export async function setIndexes(ctx: ApplyContext, change: Of<'setIndexes'>): Promise<void> {
  const object = liveObject(ctx, change.object, change.pointer);
  ctx.begin(change, change.object);
  const before = object.definition.indexes;
  const wanted = new Map(change.indexes.map((i) => [i.name, i]));
  for (const index of before) {
    const next = wanted.get(index.name);
    if (!next || !sameIndex(index, next)) await ctx.ddl(dropIndexSql(ctx.schema, ddlNames.compositeIndex(object.id, index.name)));
  }
  for (const [position, index] of change.indexes.entries()) {
    const previous = before.find((i) => i.name === index.name);
    if (previous && sameIndex(previous, index)) continue;
    for (const [j, name] of index.fields.entries()) {
      const field = object.fields.get(name);
      if (!field && !(SYSTEM_FIELDS as readonly string[]).includes(name)) {
        throw new PlatformError('VALIDATION_FAILED', `"${name}" is not a field of ${change.object}`, { details: [{ pointer: `${change.pointer}/${position}/fields/${j}`, message: 'no such field' }] });
      }
    }
    if (index.unique) {
      const cols = columnsOf(object, index).map((c) => `"${c}"`).join(', ');
      const dupes = await ctx.count(`select count(*) as n from (select 1 from "${ctx.schema}"."${object.tableName}" where (${cols}) is not null and "deletedAt" is null group by ${cols} having count(*) > 1) d`);
      if (dupes > 0) {
        throw new PlatformError('CONFLICT', `${dupes} groups of records share the same ${index.fields.join(', ')}; a unique index cannot be built`, {
          details: [{ pointer: `${change.pointer}/${position}`, message: `${dupes} duplicate groups`, rows: dupes }],
        });
      }
    }
    await ctx.indexDdl(createCompositeIndexSql(ctx.schema, object.tableName, ddlNames.compositeIndex(object.id, index.name), columnsOf(object, index), index.unique), object.tableName);
  }
  const after = { ...object.definition, fields: undefined, indexes: change.indexes };
  delete after.fields;
  object.definition.indexes = change.indexes;
  await ctx.em.nativeUpdate(ObjectDefinitionEntity, { id: object.id }, { definition: after, updatedAt: ctx.now });
  ctx.history('setIndexes', change.object, before, change.indexes);
}
