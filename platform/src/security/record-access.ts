import type { Db } from '../storage/sql/runner.ts';
import type { SchemaModel } from '../model/index.ts';
import { col, fromSql, param, SqlWriter, whereSql, type Expr, type Source } from '../query/index.ts';
import { accessScope } from './access.ts';
import type { SecurityContext } from './model.ts';
import { visibilityConditions } from './visibility.ts';

export interface RecordAccess {
  id: string;
  /** The record exists for the caller (live or soft-deleted, and visible). */
  readable: boolean;
  writable: boolean;
  /** Not soft-deleted. */
  live: boolean;
}

/**
 * Which of `ids` the caller may read and write, in one query using the same row-level conditions
 * as the access transform (as flags, not as a filter). Soft-deleted records count (restore needs them).
 */
export async function recordAccess(db: Db, model: SchemaModel, security: SecurityContext | undefined, object: string, ids: string[]): Promise<Map<string, RecordAccess>> {
  const aliases = { n: 1 };
  const source: Source = { object, schema: model.schema, table: model.objects.get(object)!.catalog.tableName, alias: 't0' };
  const scope = accessScope(model, aliases);
  const w = new SqlWriter();
  const truthy = (conditions: Expr[]) => (conditions.length ? `coalesce((${whereSql(w, conditions).slice(' where '.length)}), false)` : 'true');
  const readable = truthy(visibilityConditions(scope, security, object, source, 'read'));
  const writable = truthy(visibilityConditions(scope, security, object, source, 'write'));
  const where = whereSql(w, [{ kind: 'in', expr: col(source.alias, 'id'), list: param(ids, 'uuid[]'), negated: false }]);
  const { rows } = await db.query(`select "${source.alias}".id, ${readable} as r, ${writable} as w, "${source.alias}"."deletedAt" is null as l from ${fromSql(source)}${where}`, w.params);
  return new Map(rows.map((r) => [r.id as string, { id: r.id as string, readable: r.r === true, writable: r.w === true, live: r.l === true }]));
}

/** Whether the caller may change (and so share) one record. */
export async function canEdit(db: Db, model: SchemaModel, security: SecurityContext | undefined, object: string, id: string): Promise<boolean> {
  return (await recordAccess(db, model, security, object, [id])).get(id)?.writable === true;
}
