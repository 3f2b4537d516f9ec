import type pg from 'pg';
import { addDuration, checkExpression, compileSql, configItemsOf, fieldType, parseDuration, tenantTimeZone, updateMatching, type CheckedExpression, type ObjectModel, type OperationContext, type PluginServices, type SchemaModel } from '@tessera/platform';
import type { ScoringRuleItem } from './definition.ts';

/** A tenant's active scoring rules that can run (their object and fields exist), as its model has them. */
export function rulesOf(model: SchemaModel): ScoringRuleItem[] {
  return configItemsOf<ScoringRuleItem>(model, 'scoringRule').filter((r) => r.active !== false && usable(model, r));
}

/** A stored rule whose object or fields went away meanwhile (kept inert until it is fixed). */
function usable(model: SchemaModel, rule: ScoringRuleItem): boolean {
  const object = model.objects.get(rule.object);
  return !!object && !!columnOf(object, rule.field) && (rule.activities ?? []).every((a) => model.objects.has(a.object) && !!columnOf(model.objects.get(a.object)!, a.field));
}

const checked = new WeakMap<SchemaModel, Map<string, CheckedExpression>>();
function expression(model: SchemaModel, object: string, source: string): CheckedExpression {
  let map = checked.get(model);
  if (!map) checked.set(model, (map = new Map()));
  const key = `${object}\u0000${source}`;
  let e = map.get(key);
  if (!e) {
    const result = checkExpression(source, { model, object, expect: 'boolean', user: null });
    if (!result.ok) throw new Error(`The expression ${JSON.stringify(source)} does not check: ${result.problems.map((p) => p.message).join('; ')}`);
    map.set(key, (e = result.expression));
  }
  return e;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const tableOf = (model: SchemaModel, object: string) => `${q(model.schema)}.${q(model.objects.get(object)!.catalog.tableName)}`;
export function columnOf(object: ObjectModel, field: string): string | undefined {
  const m = object.fields.get(field);
  if (!m || (m.kind !== 'value' && m.kind !== 'lookup')) return undefined;
  return fieldType(m.field.type).columns(m.field)[0]?.column;
}

/** The instant `duration` before `now`. */
export function before(now: Date, duration: string): Date {
  return new Date(now.getTime() - (addDuration(now, parseDuration(duration, '/within')).getTime() - now.getTime()));
}

export interface Scored {
  id: string;
  current: number | null;
  score: number;
  /** When the score next drops by itself: the first counted activity of a window leaves it. */
  expires: Date | null;
}

/**
 * The rule's score of records, in ONE statement: each criterion a CASE over the record (its
 * lookups correlated subqueries, expressions/sql.ts), each activity rule a count of the live
 * related records that match (within the window), times the points, capped. Per windowed rule the
 * oldest counted activity's date is read as well: the score drops when it leaves the window.
 * `which`: records by id, or the next `limit` records after an id (a full recomputation's batch).
 */
export async function computeScores(op: OperationContext, rule: ScoringRuleItem, now: Date, which: { ids: string[] } | { after: string | null; limit: number }): Promise<Scored[]> {
  const model = op.model;
  const object = model.objects.get(rule.object)!;
  const params: unknown[] = [];
  const writer = { param: (value: unknown, cast?: string) => { params.push(value); return cast ? `$${params.length}::${cast}` : `$${params.length}`; } };
  let n = 0;
  const nextAlias = () => `__s${++n}`;
  const timeZone = tenantTimeZone(op.principal.settings ?? {});
  const terms: string[] = [];
  for (const c of rule.criteria ?? []) {
    const sql = compileSql(expression(model, rule.object, c.when), model, { writer, alias: 't', now, timeZone, nextAlias }).sql;
    terms.push(`case when (${sql}) then ${writer.param(c.points, 'numeric')} else 0 end`);
  }
  const windows: { k: number; within: string }[] = [];
  const expiries: string[] = [];
  (rule.activities ?? []).forEach((a, k) => {
    const activity = model.objects.get(a.object)!;
    const alias = nextAlias();
    const conditions = [`${alias}.${q(columnOf(activity, a.field)!)} = t.id`, `${alias}."deletedAt" is null`];
    if (a.when) conditions.push(`coalesce((${compileSql(expression(model, a.object, a.when), model, { writer, alias, now, timeZone, nextAlias }).sql}), false)`);
    const date = `${alias}.${q(columnOf(activity, a.dateField ?? 'createdAt')!)}`;
    if (a.within) conditions.push(`${date} > ${writer.param(before(now, a.within), 'timestamptz')}`);
    const from = `from ${tableOf(model, a.object)} ${alias} where ${conditions.join(' and ')}`;
    const count = `${writer.param(a.points, 'numeric')} * (select count(*) ${from})`;
    terms.push(a.max !== undefined ? `least(${writer.param(a.max, 'numeric')}, ${count})` : count);
    if (a.within) { windows.push({ k, within: a.within }); expiries.push(`(select min(${date})::timestamptz ${from}) as w${k}`); }
  });
  const sum = terms.join(' + ') || '0';
  const column = q(columnOf(object, rule.field)!);
  const where = 'ids' in which ? `t.id = any(${writer.param(which.ids, 'uuid[]')})` : `(${writer.param(which.after, 'uuid')} is null or t.id > ${writer.param(which.after, 'uuid')})`;
  const limit = 'ids' in which ? '' : ` order by t.id limit ${writer.param(which.limit, 'int')}`;
  const { rows } = await op.db.query<Record<string, unknown>>(
    `select t.id, t.${column}::numeric as current, (${sum})::numeric as score${expiries.map((e) => `, ${e}`).join('')} from ${tableOf(model, rule.object)} t where t."deletedAt" is null and ${where}${limit}`, params);
  return rows.map((r) => {
    let expires: Date | null = null;
    for (const w of windows) {
      const oldest = r[`w${w.k}`] as Date | null;
      if (!oldest) continue;
      const at = addDuration(new Date(oldest), parseDuration(w.within, '/within'));
      if (!expires || at < expires) expires = at;
    }
    return { id: r.id as string, current: r.current === null ? null : Number(r.current), score: Number(r.score), expires };
  });
}

/** The writes scoring makes itself: its own hook leaves them alone (nothing it reads changed). */
const writing = new WeakSet<pg.PoolClient>();
export const isScoringWrite = (db: pg.PoolClient) => writing.has(db);

export const DECAY_TIMER = (rule: string, id: string) => `scoring:decay:${rule}:${id}`;

/**
 * Writes the scores that changed through the save pipeline as the system (one update per distinct
 * score: history, change events, workflows and dispatch see a score change as any other), and keeps
 * each record's decay timer where its window says (or cancels it). Returns how many changed.
 */
export async function applyScores(op: OperationContext, services: PluginServices, rule: ScoringRuleItem, scored: Scored[], options: { cancel?: boolean } = {}): Promise<number> {
  const object = op.model.objects.get(rule.object)!;
  const changed = new Map<number, string[]>();
  for (const s of scored) if (s.current !== s.score) changed.set(s.score, [...(changed.get(s.score) ?? []), s.id]);
  if (changed.size) {
    const system: OperationContext = { ...op, security: undefined, depth: op.depth + 1 };
    writing.add(op.db);
    try {
      for (const [score, ids] of changed) await updateMatching(system, object, { id: { in: ids } }, { [rule.field]: score });
    } finally {
      writing.delete(op.db);
    }
  }
  const tenantId = op.model.tenantId;
  const timers = scored.filter((s) => s.expires).map((s) => ({ key: DECAY_TIMER(rule.name, s.id), dueAt: s.expires!, job: 'decay', payload: { tenantId, rule: rule.name, id: s.id } }));
  if (timers.length) await services.scheduleMany(tenantId, timers, op.db);
  // Records whose windows hold nothing lose their timer (a stale one would only recompute the same score).
  if (options.cancel !== false && (rule.activities ?? []).some((a) => a.within)) {
    const stale = scored.filter((s) => !s.expires).map((s) => DECAY_TIMER(rule.name, s.id));
    if (stale.length && stale.length <= 500) await services.cancelTimers(tenantId, { keys: stale }, op.db);
  }
  return [...changed.values()].reduce((n, ids) => n + ids.length, 0);
}

/** Recomputes records of a rule's object (by id) in the caller's transaction. */
export async function rescore(op: OperationContext, services: PluginServices, rule: ScoringRuleItem, ids: string[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  return applyScores(op, services, rule, await computeScores(op, rule, now, { ids }), {});
}
