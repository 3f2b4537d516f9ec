import { checkExpression, evaluate, tenantTimeZone, type CheckedExpression, type LocalApi, type SchemaModel } from '@tessera/platform';
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

/** The expression sources in a step (or any part of a definition): `{expr}` values, `when`, `condition`, `until`. */
export function sourcesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) sourcesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && (k === 'expr' || k === 'when' || k === 'condition' || k === 'until')) out.push(v);
      else sourcesIn(v, out);
    }
  }
  return out;
}

interface Followed { target: string; next: Map<string, Followed> }

/** The lookups the expressions read through (`student.parent.name`: student, then parent), as a tree. */
function followedBy(expressions: CheckedExpression[]): Map<string, Followed> {
  const root = new Map<string, Followed>();
  const walk = (node: any): void => {
    if (node.kind === 'call') node.args.forEach(walk);
    if (node.kind !== 'field' || node.prior) return;
    let level = root;
    for (const step of node.ref.via as { field: string; target: string }[]) {
      let entry = level.get(step.field);
      if (!entry) level.set(step.field, (entry = { target: step.target, next: new Map() }));
      level = entry.next;
    }
  };
  for (const e of expressions) walk(e.root);
  return root;
}

/**
 * A copy of the run's record with the records its expressions read through lookups put in place of
 * their ids (`student.funnelStage` on a follow-up), read by `api` (the system: a rule reads what it
 * needs), so the evaluator can follow them; a lookup to no live record becomes null. Expressions
 * that follow no lookup cost nothing.
 */
export async function withLookups(model: SchemaModel, object: string | null, record: Record<string, unknown> | null, sources: string[], api: LocalApi): Promise<Record<string, unknown> | null> {
  if (!object || !record || sources.length === 0) return record;
  const tree = followedBy(sources.flatMap((source) => { try { return [compiled(model, object, source)]; } catch { return []; } }));
  if (tree.size === 0) return record;
  const nest = async (r: Record<string, unknown>, level: Map<string, Followed>): Promise<Record<string, unknown>> => {
    const out = { ...r };
    for (const [field, { target, next }] of level) {
      const id = out[field];
      if (typeof id !== 'string') continue;
      const loaded = (await api.get(target, id)) as Record<string, unknown> | null;
      out[field] = loaded ? await nest(loaded, next) : null;
    }
    return out;
  };
  return nest(record, tree);
}
