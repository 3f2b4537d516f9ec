import { PlatformError } from '../errors/index.ts';
import type { ObjectModel } from '../model/index.ts';
import type { OperationContext } from '../operations/index.ts';
import { compileIds, PlanScope, planIds, type CompiledSql, type Filter } from '../query/index.ts';
import { applyAccessToIds } from '../security/access.ts';
import { stageFields, type StageField } from './stages.ts';

/**
 * The object and tracked stage field a report is about, checked as a read of them would be: the
 * caller may read the object (FORBIDDEN), the field exists and is tracked (BAD_USER_INPUT), and the
 * caller may read the field, since counts by stage would tell its values (FORBIDDEN).
 */
export function reportTarget(op: OperationContext, object: string, field: string | undefined, pointers = { object: '/object', field: '/stageField' }): { om: ObjectModel; stage: StageField; scope: PlanScope } {
  const om = op.model.objects.get(object);
  if (!om) throw new PlatformError('BAD_USER_INPUT', `There is no object ${JSON.stringify(object)}`, { details: [{ pointer: pointers.object, message: 'unknown object' }] });
  const scope = new PlanScope(op.model, op.limits, op.security);
  scope.checkRead(object, pointers.object);
  const tracked = stageFields(om.catalog);
  const stage = field === undefined ? tracked[0] : tracked.find((s) => s.field.name === field);
  if (!stage) {
    const message = field === undefined ? `${object} has no select field with trackStages: true` : `${object}.${field} is no select field with trackStages: true`;
    throw new PlatformError('BAD_USER_INPUT', message, { details: [{ pointer: field === undefined ? pointers.object : pointers.field, message: 'no tracked stage field' }] });
  }
  scope.checkFieldUse(object, stage.field.name, pointers.field);
  return { om, stage, scope };
}

/** `{createdAt: {gte: from, lt: to}}`: the records created in the range (either end open). */
export function createdBetween(from: unknown, to: unknown): Filter | null {
  const range: Record<string, string> = {};
  if (from !== undefined && from !== null) range.gte = iso(from, '/from');
  if (to !== undefined && to !== null) range.lt = iso(to, '/to');
  return Object.keys(range).length ? { createdAt: range } : null;
}

export function iso(value: unknown, pointer: string): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new PlatformError('BAD_USER_INPUT', `Not a date and time: ${JSON.stringify(value)}`, { details: [{ pointer, message: 'not a date-time' }] });
  return date.toISOString();
}

/**
 * The ids of the records the caller may read matching `filter`, as SQL to use in a larger statement:
 * planned, scoped by the one access transform (soft delete, row-level access) and compiled as a
 * bulk change's targets are. Its parameters come first (`$1…`); the caller's follow them.
 */
export function visibleIds(op: OperationContext, object: string, filter: Filter | null): CompiledSql {
  const scope = new PlanScope(op.model, op.limits, op.security);
  return compileIds(applyAccessToIds(planIds(scope, object, { filter }), op.model, op.security, 'read'));
}
