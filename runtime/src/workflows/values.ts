import { checkExpression, evaluate, tenantTimeZone, type CheckedExpression, type SchemaModel } from '@tessera/platform';
import { isExpr, isFirst } from './kind.ts';
export { isFirst };
export { inputValues } from '../input-values.ts';

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

/**
 * A step's record filter with every `{expr}` in it evaluated over the run's record, so that a step
 * can reach the records related to the run's: `{channelOrder: {eq: {expr: "channelOrder"}}}` (the
 * lines of the run's order), `{id: {eq: {expr: "productForecast"}}}`. Anything else stays as given.
 */
export function filterOf(scope: ValueScope, filter: unknown): unknown {
  if (isExpr(filter)) return evaluateIn(scope, filter.expr);
  if (Array.isArray(filter)) return filter.map((f) => filterOf(scope, f));
  if (typeof filter === 'object' && filter !== null) return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, filterOf(scope, v)]));
  return filter;
}

/** Reads one live record's API values by id (the records API of the work at hand), or null. */
export type RecordLoader = (object: string, id: string) => Promise<Record<string, unknown> | null>;

/**
 * The record with, in place of each lookup the expressions follow (`distributor` in
 * `distributor.creditLimit`), the record it points to, level by level (`a.b.c`), so that the
 * JavaScript evaluator can read through it — a record read by the records API holds lookups as
 * ids, which the evaluator refuses to guess through. A lookup to no readable record becomes null
 * (what the SQL back end's join gives). A copy: the record given is not changed. Expressions that
 * do not check are left to fail where they are evaluated, with their own message.
 */
export async function withLookups(model: SchemaModel, object: string, record: Record<string, unknown> | null, sources: readonly { source: string; rules?: boolean }[], load: RecordLoader): Promise<Record<string, unknown> | null> {
  if (!record) return record;
  type Tree = Map<string, { target: string; next: Tree }>;
  const root: Tree = new Map();
  const walk = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.args)) node.args.forEach(walk);
    if (node.kind !== 'field' || node.prior || !Array.isArray(node.ref?.via)) return;
    let level = root;
    for (const step of node.ref.via as { field: string; target: string }[]) {
      let entry = level.get(step.field);
      if (!entry) level.set(step.field, (entry = { target: step.target, next: new Map() }));
      level = entry.next;
    }
  };
  for (const { source, rules } of sources) {
    let expression: CheckedExpression;
    try { expression = compiled(model, object, source, rules === true); } catch { continue; } // checked once per model (cached)
    walk(expression.root);
  }
  if (root.size === 0) return record;
  const nest = async (values: Record<string, unknown>, tree: Tree): Promise<Record<string, unknown>> => {
    const out = { ...values };
    for (const [field, { target, next }] of tree) {
      const id = out[field];
      if (typeof id !== 'string') continue;
      const loaded = await load(target, id);
      out[field] = loaded ? await nest(loaded, next) : null;
    }
    return out;
  };
  return nest(record, root);
}
