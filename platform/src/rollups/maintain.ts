import type { SchemaModel } from '../model/model.ts';
import { childTableSql, parentTableSql, q, type RollupSpec } from './spec.ts';

/** A query runner in the write's transaction. */
export interface Db {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** What one child record gives one roll-up: its parent and the value aggregated (null for COUNT). */
export interface Contribution {
  parent: string;
  value: string | null;
}

/** Per child id, per roll-up (index into the specs), what it contributes (absent: nothing). */
export type Contributions = Map<string, (Contribution | undefined)[]>;

const statements = new WeakMap<readonly RollupSpec[], { sql: string; params: unknown[] }>();

/**
 * One statement reading what a batch's child records contribute to every roll-up they feed, as
 * stored now: a live record, with its lookup set, for which the filter is TRUE, with a value (but
 * for COUNT). `lock`: before an update, delete or restore, the rows are locked in id order first
 * (FOR UPDATE, waiting for a concurrent writer of the same record and reading its commit), so that
 * what was contributed cannot change between this read and the write.
 */
function contributionsSql(model: SchemaModel, specs: readonly RollupSpec[]): { sql: string; params: unknown[] } {
  let built = statements.get(specs);
  if (!built) {
    const params: unknown[] = [];
    const columns = specs.map((spec, i) => {
      const filter = spec.filter?.(1 + params.length);
      if (filter) params.push(...filter.params);
      const value = spec.valueColumn ? `c.${q(spec.valueColumn)}::text` : 'null::text';
      return `c.${q(spec.lookupColumn)} as p${i}, ${value} as v${i}, ${filter ? `coalesce((${filter.sql}), false)` : 'true'} as k${i}`;
    });
    built = { sql: `select c.id, c."deletedAt" is null as live, ${columns.join(', ')} from ${childTableSql(model, specs[0])} c where c.id = any($1::uuid[])`, params };
    statements.set(specs, built);
  }
  return built;
}

export async function readContributions(db: Db, model: SchemaModel, specs: readonly RollupSpec[], ids: readonly string[], lock: boolean): Promise<Contributions> {
  const out: Contributions = new Map();
  if (ids.length === 0) return out;
  const { sql, params } = contributionsSql(model, specs);
  const { rows } = await db.query(lock ? `${sql} order by c.id for update of c` : sql, [ids, ...params]);
  for (const row of rows) {
    if (!row.live) continue;
    out.set(String(row.id), specs.map((spec, i) => {
      const parent = row[`p${i}`] as string | null;
      const value = row[`v${i}`] as string | null;
      if (!parent || row[`k${i}`] !== true || (spec.aggregate !== 'COUNT' && value === null)) return undefined;
      return { parent, value };
    }));
  }
  return out;
}

/** One move of a roll-up: a child's contribution added (+1) to or taken (-1) from a parent. */
interface Move { spec: number; parent: string; sign: 1 | -1; value: string | null }

/** The moves that take every roll-up from the contributions before a write to those after it. */
export function movesBetween(specs: readonly RollupSpec[], before: Contributions, after: Contributions): Move[] {
  const moves: Move[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    specs.forEach((_, i) => {
      const was = b?.[i];
      const now = a?.[i];
      if (was?.parent === now?.parent && was?.value === now?.value) return;
      if (was) moves.push({ spec: i, parent: was.parent, sign: -1, value: was.value });
      if (now) moves.push({ spec: i, parent: now.parent, sign: 1, value: now.value });
    });
  }
  return moves;
}

/**
 * Applies the moves to the parents, one UPDATE per parent object: `count = count + Δ`,
 * `sum = sum + Δ` (atomic, on the newest row version whatever committed meanwhile), the value from
 * them (COUNT, SUM, AVG), or for MIN/MAX the least/greatest of the old extreme and what was added —
 * unless the extreme itself may have left, then the parent's children are asked again (one
 * `select min(..)` over the lookup's index: that parent's children only, never all children).
 *
 * Locks: an update takes the parents' rows (FOR NO KEY UPDATE, which a child's foreign-key check,
 * FOR KEY SHARE, does not wait for). When a batch moves more than one parent, or a MIN/MAX must be
 * asked again, the rows are locked first in one statement, in (table, id) order — the same order in
 * every transaction, so concurrent child writes never deadlock on their parents — and the UPDATE
 * then runs with a snapshot taken after the locks, which sees every child write committed before.
 */
export async function applyMoves(db: Db, model: SchemaModel, specs: readonly RollupSpec[], moves: readonly Move[]): Promise<void> {
  if (moves.length === 0) return;
  const byParent = new Map<string, number[]>();
  specs.forEach((spec, i) => byParent.set(spec.parentTable, [...(byParent.get(spec.parentTable) ?? []), i]));
  for (const table of [...byParent.keys()].sort()) {
    const group = byParent.get(table)!;
    const mine = moves.filter((m) => group.includes(m.spec));
    if (mine.length === 0) continue;
    const parents = [...new Set(mine.map((m) => m.parent))].sort();
    const asksAgain = mine.some((m) => m.sign < 0 && (specs[m.spec].aggregate === 'MIN' || specs[m.spec].aggregate === 'MAX'));
    const parentSql = parentTableSql(model, specs[group[0]]);
    if (parents.length > 1 || asksAgain) await db.query(`select 1 from ${parentSql} where id = any($1::uuid[]) order by id for no key update`, [parents]);
    const params: unknown[] = [mine.map((m) => m.parent), mine.map((m) => group.indexOf(m.spec)), mine.map((m) => m.sign), mine.map((m) => m.value)];
    const aggregates: string[] = [];
    const sets: string[] = [];
    group.forEach((i, j) => {
      const spec = specs[i];
      const { value, count, sum } = spec.columns;
      const only = (extra = '') => `filter (where x.r = ${j}${extra})`;
      aggregates.push(`coalesce(sum(x.s) ${only()}, 0) as n${j}`, `coalesce(sum(x.s * x.v) ${only()}, 0) as s${j}`);
      const n = `(coalesce(t.${q(count)}, 0) + d.n${j})`;
      const s = `(coalesce(t.${q(sum)}, 0) + d.s${j})`;
      let v: string;
      if (spec.aggregate === 'COUNT') v = n;
      else if (spec.aggregate === 'SUM') v = s;
      else if (spec.aggregate === 'AVG') v = `${s} / nullif(${n}, 0)`;
      else {
        const fn = spec.aggregate === 'MIN' ? 'min' : 'max';
        const keeps = spec.aggregate === 'MIN' ? 'least' : 'greatest';
        const beyond = spec.aggregate === 'MIN' ? '<=' : '>=';
        aggregates.push(`${fn}(x.v) ${only(' and x.s > 0')} as a${j}`, `${fn}(x.v) ${only(' and x.s < 0')} as g${j}`);
        const filter = spec.filter?.(params.length);
        if (filter) params.push(...filter.params);
        const again = `(select ${fn}(c.${q(spec.valueColumn!)}) from ${childTableSql(model, spec)} c where c.${q(spec.lookupColumn)} = t.id and c."deletedAt" is null${filter ? ` and (${filter.sql}) is true` : ''})`;
        const current = `t.${q(value)}`;
        v = `case when ${n} = 0 then null when d.g${j} is not null and (${current} is null or d.g${j} ${beyond} ${current}) then ${again} else ${keeps}(${current}, d.a${j}) end`;
      }
      sets.push(`${q(count)} = ${n}`, `${q(sum)} = ${s}`, `${q(value)} = ${v}`);
    });
    await db.query(
      `with d as (select x.p, ${aggregates.join(', ')} from unnest($1::uuid[], $2::int[], $3::int[], $4::numeric[]) as x(p, r, s, v) group by x.p)
       update ${parentSql} t set ${sets.join(', ')} from d where t.id = d.p`, params);
  }
}

/**
 * Recomputes one roll-up on every parent from all its children (a new or changed definition): one
 * UPDATE, grouped over the children once. COUNT counts the matching children; the others count and
 * sum the matching children with a value.
 */
export function recomputeSql(model: SchemaModel, spec: RollupSpec): { sql: string; params: unknown[] } {
  const filter = spec.filter?.(0);
  const where = `c.${q(spec.lookupColumn)} is not null and c."deletedAt" is null${filter ? ` and (${filter.sql}) is true` : ''}`;
  const v = spec.valueColumn ? `c.${q(spec.valueColumn)}` : 'null::numeric';
  const counted = spec.aggregate === 'COUNT' ? 'count(*)' : `count(${v})`;
  const { value, count, sum } = spec.columns;
  const n = 'coalesce(a.n, 0)';
  const s = 'coalesce(a.s, 0)';
  const result = spec.aggregate === 'COUNT' ? n : spec.aggregate === 'SUM' ? s : spec.aggregate === 'AVG' ? `${s} / nullif(${n}, 0)` : 'a.e';
  const extreme = spec.aggregate === 'MAX' ? `max(${v})` : `min(${v})`;
  return {
    sql: `update ${parentTableSql(model, spec)} t set ${q(count)} = ${n}, ${q(sum)} = ${s}, ${q(value)} = ${result}
      from ${parentTableSql(model, spec)} p left join (select c.${q(spec.lookupColumn)} as pid, ${counted} as n, coalesce(sum(${v}), 0) as s, ${extreme} as e
        from ${childTableSql(model, spec)} c where ${where} group by 1) a on a.pid = p.id
      where t.id = p.id`,
    params: filter?.params ?? [],
  };
}
