import { checkExpression, evaluate, tenantTimeZone, type CheckedExpression, type SchemaModel } from '@tessera/platform';
import { isExpr, isFirst } from './kind.ts';
export { isFirst };

const checked = new WeakMap<SchemaModel, Map<string, CheckedExpression>>();

/** An expression over an object, type-checked once per model (the model changes with metadata). */
export function compiled(model: SchemaModel, object: string, source: string, rules = false): CheckedExpression {
  let cache = checked.get(model);
  if (!cache) checked.set(model, (cache = new Map()));
  const key = `${object}\u0000${rules}\u0000${source}`;
  let expression = cache.get(key);
  if (!expression) {
    const result = checkExpression(source, { model, object, rules });
    if (!result.ok) throw new Error(`The expression ${JSON.stringify(source)} does not check: ${result.problems.map((p) => p.message).join('; ')}`);
    cache.set(key, (expression = result.expression));
  }
  return expression;
}

export interface ValueScope {
  model: SchemaModel;
  object: string | null;
  record: Record<string, unknown> | null;
  prior?: Record<string, unknown> | null;
  now: Date;
  settings: Record<string, unknown>;
}

/** An expression's value over the scope's record (API values). */
export function evaluateIn(scope: ValueScope, source: string, rules = false): unknown {
  if (!scope.object) throw new Error('An expression needs the run\'s object');
  return evaluate(compiled(scope.model, scope.object, source, rules), scope.record ?? {}, { now: scope.now, timeZone: tenantTimeZone(scope.settings), prior: scope.prior });
}

/** A value spec: `{expr}` evaluated, anything else as given. */
export function valueOf(scope: ValueScope, spec: unknown): unknown {
  return isExpr(spec) ? evaluateIn(scope, spec.expr) : spec;
}

export function valuesOf(scope: ValueScope, data: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, valueOf(scope, v)]));
}

/** A filter with its `{expr}` values (at any depth) evaluated over the scope's record. */
export function filterIn(scope: ValueScope, filter: unknown): unknown {
  if (isExpr(filter)) return evaluateIn(scope, filter.expr);
  if (Array.isArray(filter)) return filter.map((v) => filterIn(scope, v));
  if (typeof filter === 'object' && filter !== null) return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, filterIn(scope, v)]));
  return filter;
}
