import { PlatformError } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import type { OperationContext } from './context.ts';
import { uniqueViolation } from './unique.ts';
import { touchedAt } from './timestamps.ts';

/** Every lookup in the tenant that points at `object`, with what deleting its target does. */
function incoming(ctx: OperationContext, object: ObjectModel) {
  const refs: { source: ObjectModel; column: string; field: string; onDelete: 'setNull' | 'restrict' | 'cascade' }[] = [];
  for (const source of ctx.model.objects.values()) {
    for (const field of source.catalog.definition.fields) {
      const ref = fieldType(field.type).reference?.(field);
      if (ref && ref.target === object.name) refs.push({ source, field: field.name, column: fieldType(field.type).columns(field)[0].column, onDelete: ref.onDelete });
    }
  }
  return refs;
}

/**
 * Soft-deletes records (restorable until purged) and applies each incoming lookup's rule: restrict
 * refuses while live records look them up, setNull clears those lookups, cascade soft-deletes the
 * children with the same timestamp (so that restoring the parent restores them too).
 */
export async function deleteRecords(ctx: OperationContext, object: ObjectModel, ids: string[], at: Date = ctx.pipeline.clock.now()): Promise<string[]> {
  const batch = { kind: 'delete' as const, object, records: [] as Record<string, unknown>[], ids };
  await ctx.pipeline.save(ctx, batch, async () => {
    if (ids.length === 0) return;
    const table = qualified(ctx.model.schema, object.catalog.tableName);
    for (const ref of incoming(ctx, object)) {
      const child = qualified(ctx.model.schema, ref.source.catalog.tableName);
      const col = quoteIdent(ref.column);
      if (ref.onDelete === 'restrict') {
        const { rows } = await ctx.db.query(`select count(*)::int as n from ${child} where ${col} = any($1::uuid[]) and "deletedAt" is null`, [ids]);
        if (rows[0].n > 0) throw new PlatformError('CONFLICT', `${rows[0].n} ${ref.source.name} records look up the ${object.name} through ${ref.field}, which restricts deletion`, { details: [{ pointer: '/id', message: `looked up by ${ref.source.name}.${ref.field}` }] });
      } else if (ref.onDelete === 'setNull') {
        await clearLookups(ctx, ref.source, ref.field, col, ids);
      } else {
        const { rows } = await ctx.db.query(`select id from ${child} where ${col} = any($1::uuid[]) and "deletedAt" is null`, [ids]);
        if (rows.length) await deleteRecords({ ...ctx, depth: ctx.depth + 1 }, ref.source, rows.map((r) => r.id), at);
      }
    }
    await ctx.db.query(`update ${table} set "deletedAt" = $2 where id = any($1::uuid[]) and "deletedAt" is null`, [ids, at]);
  });
  return ids;
}

/** Restores a soft-deleted record and the children its deletion cascaded to. */
export async function restoreRecord(ctx: OperationContext, object: ObjectModel, id: string): Promise<string> {
  const table = qualified(ctx.model.schema, object.catalog.tableName);
  const { rows } = await ctx.db.query(`select "deletedAt" from ${table} where id = $1`, [id]);
  const batch = { kind: 'restore' as const, object, records: [] as Record<string, unknown>[], ids: [id] };
  // No record, or a live one (nothing to do): the permission step still answers first, so that the
  // caller learns nothing about records they may not see or restore (FORBIDDEN / NOT_FOUND alike).
  if (rows.length === 0 || !rows[0].deletedAt) await ctx.pipeline.runStep(ctx, 'permissions', batch);
  if (rows.length === 0) throw new PlatformError('NOT_FOUND', `No ${object.name} with id ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
  const deletedAt = rows[0].deletedAt;
  if (!deletedAt) return id;
  await ctx.pipeline.save(ctx, batch, async () => {
    try {
      await restoreCascade(ctx, object, [id], deletedAt);
    } catch (error) {
      // Another live record took a unique value (a field's, or a composite index's) meanwhile: name
      // the fields, as the write pre-checks do. The cascade may have restored children of other objects.
      for (const owner of ctx.model.objects.values()) {
        const mapped = uniqueViolation(error, owner, () => '/id');
        if (mapped) throw new PlatformError('UNIQUE_VIOLATION', `Restoring would give two live ${owner.name} records the same ${(mapped.extra.fields as string[] | undefined)?.join(', ') ?? mapped.extra.field}`, { details: mapped.details, extensions: mapped.extra });
      }
      throw error;
    }
  });
  return id;
}

/**
 * Restores records, then the children their deletion cascaded to (deleted at the same instant),
 * each child object as its own restore batch of the pipeline, as deleting them was.
 */
async function restoreCascade(ctx: OperationContext, object: ObjectModel, ids: string[], deletedAt: Date): Promise<void> {
  const table = qualified(ctx.model.schema, object.catalog.tableName);
  await ctx.db.query(`update ${table} set "deletedAt" = null, ${touchedAt('$2')} where id = any($1::uuid[])`, [ids, ctx.pipeline.clock.now().toISOString()]);
  for (const ref of incoming(ctx, object)) {
    if (ref.onDelete !== 'cascade') continue;
    const child = qualified(ctx.model.schema, ref.source.catalog.tableName);
    const { rows } = await ctx.db.query(`select id from ${child} where ${quoteIdent(ref.column)} = any($1::uuid[]) and "deletedAt" = $2`, [ids, deletedAt]);
    if (!rows.length) continue;
    const childCtx = { ...ctx, depth: ctx.depth + 1 };
    const batch = { kind: 'restore' as const, object: ref.source, records: [] as Record<string, unknown>[], ids: rows.map((r) => r.id as string) };
    await ctx.pipeline.save(childCtx, batch, () => restoreCascade(childCtx, ref.source, batch.ids, deletedAt));
  }
}

/**
 * A setNull lookup of deleted records is cleared on the live records holding it: an update batch
 * of the pipeline (audited like any update), done by the system on the deleter's behalf — their
 * rights on those records are not asked for, as in Salesforce.
 */
async function clearLookups(ctx: OperationContext, source: ObjectModel, field: string, column: string, ids: string[]): Promise<void> {
  const child = qualified(ctx.model.schema, source.catalog.tableName);
  const { rows } = await ctx.db.query(`select id from ${child} where ${column} = any($1::uuid[]) and "deletedAt" is null order by id for update`, [ids]);
  if (!rows.length) return;
  const holders = rows.map((r) => r.id as string);
  const batch = { kind: 'update' as const, object: source, records: holders.map(() => ({ [field]: null })), ids: holders };
  await ctx.pipeline.save({ ...ctx, depth: ctx.depth + 1, security: undefined }, batch, async () => {
    await ctx.db.query(`update ${child} set ${column} = null, ${touchedAt('$2')} where id = any($1::uuid[])`, [holders, ctx.pipeline.clock.now().toISOString()]);
  });
}
