import { PlatformError } from '../../errors/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import { FieldDefinitionEntity, ObjectDefinitionEntity } from '../../storage/system/entities/index.ts';
import {
  alterColumnTypeSql, createUniqueIndexSql, uniqueKeySql, ddlNames, dropIndexSql, referenceSql, renameColumnSql, setDefaultSql, setNotNullSql,
} from '../../storage/ddl/index.ts';
import { qualified, quoteIdent } from '../../storage/sql/quote.ts';
import type { Change } from '../changes.ts';
import type { ResolvedField } from '../definitions.ts';
import { followFieldRename } from '../../security/follow-rename.ts';
import type { ApplyContext } from './context.ts';
import { liveObject } from './objects.ts';
import { assertColumnsFree, checkedReference, columnsOf } from './fields.ts';
import { followLayout } from './layout-refs.ts';
import { dropFormulaColumns } from './formula-columns.ts';

type UpdateField = Extract<Change, { kind: 'updateField' }>;

const COMMON = new Set(['name', 'type', 'label', 'description', 'helpText', 'required', 'unique', 'defaultValue', 'defaultExpression', 'searchable']);

/** Type-specific properties whose value differs (options, maxLength, precision…): they may reject stored values. */
function changedTypeProps(before: ResolvedField, after: ResolvedField): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !COMMON.has(k) && k !== 'relationName'));
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/**
 * Changes a field. Labels and descriptions touch no DDL. A rename renames columns; a type change or a
 * tighter constraint first counts the records that would not convert and refuses with that count.
 */
export async function updateField(ctx: ApplyContext, change: UpdateField): Promise<void> {
  const object = liveObject(ctx, change.object, change.pointer);
  const current = object.fields.get(change.name);
  if (!current) throw new PlatformError('NOT_FOUND', `${change.object} has no field "${change.name}"`, { details: [{ pointer: change.pointer, message: 'no such field' }] });
  const before = current.definition;
  const after = change.field;
  ctx.begin(change, change.object, change.name);
  const table = qualified(ctx.schema, object.tableName);
  const fail = (code: 'CONFLICT' | 'BAD_USER_INPUT', prop: string, message: string, extra: Record<string, unknown> = {}) =>
    new PlatformError(code, message, { details: [{ pointer: `${change.pointer}/${prop}`, message, ...extra }] });

  const typeChanged = before.type !== after.type;
  const oldType = fieldType(before.type);
  const newType = fieldType(after.type);
  // An array's text form (`{a,b}`) is no value of another type: arrays (multiSelect, tags, emails…) never convert.
  const isArray = (columns: { sqlType: string }[]) => columns[0]?.sqlType.endsWith('[]') === true;
  if (typeChanged && (oldType.columns(before).length !== 1 || newType.columns(after).length !== 1 || !newType.rejectsText || oldType.reference || newType.reference || isArray(oldType.columns(before)))) {
    throw fail('BAD_USER_INPUT', 'type', `A ${before.type} field cannot be changed into a ${after.type} field; create a new field and copy the values`);
  }
  // A junction's foreign key names its target: links to one object are no links to another.
  if (oldType.links && before.target !== after.target) throw fail('BAD_USER_INPUT', 'target', `${after.name} links to ${String(before.target)}; create a new field to link to ${String(after.target)}`);
  if (after.name === before.name || !object.fields.has(after.name)) assertColumnsFree(object, after, change.pointer, change.name);

  if (after.name !== before.name) {
    if (object.fields.has(after.name)) throw fail('CONFLICT', 'name', `${change.object} already has a field "${after.name}"`);
    // List views, dashboards and sharing rules follow the rename; a script using the field refuses it (kinds/dependants.ts).
    await ctx.dependants?.(ctx, { action: 'rename', target: { kind: 'field', name: `${change.object}.${before.name}` }, to: after.name }, `${change.pointer}/name`);
    const renamed = columnsOf({ ...before, name: after.name });
    for (const [i, column] of columnsOf(before).entries()) await ctx.ddl(renameColumnSql(ctx.schema, object.tableName, column.column, renamed[i].column));
    if (await followFieldRename(ctx.sql, ctx.catalog.tenantId, change.object, before.name, after.name)) {
      ctx.securityChanged = true;
      ctx.note(`field permissions now name ${after.name}`);
    }
  }
  const oldColumns = columnsOf({ ...before, name: after.name });
  const newColumns = columnsOf(after);

  const tightened = changedTypeProps(before, after);
  for (const [i, column] of newColumns.entries()) {
    const old = oldColumns[i];
    const col = quoteIdent(column.column);
    const retyped = old.sqlType !== column.sqlType;
    if (retyped || typeChanged || tightened.length > 0) {
      const checks = [
        retyped ? `NOT pg_input_is_valid(${col}::text, '${column.sqlType}')` : '',
        column.part ? '' : newType.rejectsText?.(after, `${col}::text`) ?? '',
        typeChanged && !column.part ? newType.rejectsConverted?.(after, `${col}::text`) ?? '' : '',
      ].filter(Boolean);
      if (checks.length > 0) {
        const rows = await ctx.count(`select count(*) as n from ${table} where ${col} is not null and (${checks.join(' or ')})`);
        if (rows > 0) {
          const prop = typeChanged ? 'type' : tightened[0] ?? 'type';
          throw fail('CONFLICT', prop, `${rows} records of ${change.object} hold a ${after.name} value the new definition cannot hold`, { rows });
        }
      }
      if (retyped) {
        // A search index reads the column as text: it goes first (the engine builds it again if the new type is searched).
        const search = qualified(ctx.schema, ddlNames.searchIndex(current.id));
        if (i === 0 && (await ctx.count('select count(to_regclass($1)) as n', [search])) > 0) await ctx.ddl(dropIndexSql(ctx.schema, ddlNames.searchIndex(current.id)));
        await dropFormulaColumns(ctx, object.tableName);
        await ctx.ddl(alterColumnTypeSql(ctx.schema, object.tableName, column.column, column.sqlType));
      }
    }
    if ((old.defaultSql ?? '') !== (column.defaultSql ?? '')) await ctx.ddl(setDefaultSql(ctx.schema, object.tableName, column.column, column.defaultSql));
    if (column.notNull !== old.notNull) {
      if (column.notNull) {
        const rows = await ctx.count(`select count(*) as n from ${table} where ${col} is null`);
        if (rows > 0 && !column.defaultSql) throw fail('CONFLICT', 'required', `${rows} records of ${change.object} have no ${after.name}; fill them or give a defaultValue first`, { rows });
        if (rows > 0) {
          await ctx.ddl([`UPDATE ${table} SET ${col} = ${column.defaultSql} WHERE ${col} IS NULL`]);
          ctx.vacuumAfterCommit(object.tableName);
        }
      }
      await ctx.ddl(setNotNullSql(ctx.schema, object.tableName, column.column, column.notNull));
    }
  }

  // A unique index is (re)built when the field becomes unique, or when a type change moves it
  // between case-sensitive and case-insensitive values (text ↔ email).
  const caseInsensitive = newType.capabilities.caseInsensitive === true;
  const rekeyed = before.unique && after.unique && (oldType.capabilities.caseInsensitive === true) !== caseInsensitive;
  if (before.unique !== after.unique || rekeyed) {
    if (rekeyed) await ctx.ddl(dropIndexSql(ctx.schema, ddlNames.uniqueIndex(current.id)));
    if (after.unique) {
      const key = uniqueKeySql(newColumns.map((c) => c.column), caseInsensitive);
      const dupes = await ctx.count(`select count(*) as n from (select 1 from ${table} where (${key}) is not null and "deletedAt" is null group by ${key} having count(*) > 1) d`);
      if (dupes > 0) throw fail('CONFLICT', rekeyed ? 'type' : 'unique', `${dupes} values of ${after.name} occur more than once${caseInsensitive ? ' (ignoring case)' : ''}; the field cannot be unique`, { rows: dupes });
      await ctx.indexDdl(createUniqueIndexSql(ctx.schema, object.tableName, current.id, newColumns.map((c) => c.column), caseInsensitive), object.tableName);
    } else {
      await ctx.ddl(dropIndexSql(ctx.schema, ddlNames.uniqueIndex(current.id)));
    }
  }

  const oldRef = oldType.reference?.(before);
  const newRef = newType.reference?.(after);
  if (oldRef && newRef && (oldRef.target !== newRef.target || oldRef.onDelete !== newRef.onDelete)) {
    const checked = checkedReference(ctx, after, change.pointer)!;
    if (oldRef.target !== newRef.target) {
      const rows = await ctx.count(`select count(*) as n from ${table} where ${quoteIdent(newColumns[0].column)} is not null`);
      if (rows > 0) throw fail('CONFLICT', 'target', `${rows} records of ${change.object} look up ${oldRef.target}; clear them before changing the target`, { rows });
    }
    await ctx.ddl([`ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(ddlNames.foreignKey(current.id))}`, ...dropIndexSql(ctx.schema, ddlNames.lookupIndex(current.id))]);
    await ctx.indexDdl(referenceSql(ctx.schema, object.tableName, current.id, newColumns[0].column, newRef, checked.targetTable), object.tableName);
  }
  if (ctx.applied.at(-1)?.statements.length === 0) ctx.note('no DDL: only labels, descriptions or order changed');

  const position = change.position ?? object.definition.fields.findIndex((f) => f.name === before.name);
  await ctx.em.nativeUpdate(FieldDefinitionEntity, { id: current.id }, { name: after.name, type: after.type, definition: after, position, updatedAt: ctx.now });
  object.definition.fields = object.definition.fields.map((f) => (f.name === before.name ? after : f));
  object.fields.delete(before.name);
  object.fields.set(after.name, { id: current.id, definition: after });
  if (after.name !== before.name && object.definition.indexes.some((i) => i.fields.includes(before.name))) {
    object.definition.indexes = object.definition.indexes.map((i) => ({ ...i, fields: i.fields.map((f) => (f === before.name ? after.name : f)) }));
    const { fields: _fields, ...stored } = object.definition;
    await ctx.em.nativeUpdate(ObjectDefinitionEntity, { id: object.id }, { definition: stored, updatedAt: ctx.now });
  }
  if (after.name !== before.name) await followLayout(ctx, object, { from: before.name, to: after.name });
  ctx.history('updateField', `${change.object}.${after.name}`, before, after);
}
