import type { SchemaModel } from '../model/model.ts';
import { statementName } from '../query/run.ts';
import { childTableSql, parentTableSql, q, type RollupSpec } from './spec.ts';

/** A query runner in the write's transaction. */
export interface Db {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs one of the statements below as a prepared statement (named by its text): a write's roll-up
 * statements have a few shapes per object, so PostgreSQL parses and plans each once per
 * connection instead of on every write (the keeping statement is a large one).
 */
const run = (db: Db, text: string, values: unknown[]) => db.query({ name: statementName(text), text, values });

/** What one child record gives one roll-up: its parent and the value aggregated (null for COUNT). */
export interface Contribution {
  parent: string;
  value: string | null;
}

/** Per child id, per roll-up (index into the specs), what it contributes (absent: nothing). */
export type Contributions = Map<string, (Contribution | undefined)[]>;

/**
 * What a live child contributes to each roll-up of `group` (indices into the specs), as rows
 * `(r, p, v, k)` of a lateral VALUES over alias `c`: r the roll-up's place in the group, p the
 * parent, v the value (null for COUNT), k whether it counts (a parent, the filter TRUE, a value but
 * for COUNT). Filter parameters are appended to `params`.
 */
function contributionValues(specs: readonly RollupSpec[], group: readonly number[], params: unknown[]): string {
  return group.map((i, j) => {
    const spec = specs[i];
    const filter = spec.filter?.(params.length);
    if (filter) params.push(...filter.params);
    const value = spec.valueColumn ? `c.${q(spec.valueColumn)}::numeric` : 'null::numeric';
    const counts = [`c.${q(spec.lookupColumn)} is not null`, ...(filter ? [`coalesce((${filter.sql}), false)`] : []), ...(spec.valueColumn ? [`${value} is not null`] : [])];
    return `(${j}, c.${q(spec.lookupColumn)}, ${value}, ${counts.join(' and ')})`;
  }).join(', ');
}

const statements = new WeakMap<readonly RollupSpec[], { sql: string; params: unknown[] }>();

/**
 * One statement reading what a batch's child records contribute to every roll-up they feed, as
 * stored now: a live record, with its lookup set, for which the filter is TRUE, with a value (but
 * for COUNT). Before an update, delete or restore: the rows are locked in id order first
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

export async function readContributions(db: Db, model: SchemaModel, specs: readonly RollupSpec[], ids: readonly string[]): Promise<Contributions> {
  const out: Contributions = new Map();
  if (ids.length === 0) return out;
  const { sql, params } = contributionsSql(model, specs);
  const { rows } = await run(db, `${sql} order by c.id for update of c`, [ids, ...params]);
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

/** The statements of one parent table: the first keeps every roll-up; `ask` sets MIN/MAX from the children of the parents it names. */
interface Keep { first: string; update: string; params: unknown[]; ask: { sql: string; params: unknown[] } }

const keepStatements = new WeakMap<readonly RollupSpec[], Map<string, Keep>>();

/**
 * The statements keeping the roll-ups of one parent table (`group`: their indices in the specs)
 * after a write. Each reads what the written children contribute now (`$1`, their ids; none for a
 * delete), sets it against what they contributed before (`$2`–`$5`: child, roll-up, parent,
 * value) so that an unchanged contribution moves nothing, and sums the differences per parent.
 * `first`, when they move one parent (most writes), updates it there and then: `count = count + Δ`,
 * `sum = sum + Δ` (atomic: the UPDATE waits for a concurrent writer of the row and applies to its
 * newest version), the value from them (COUNT, SUM, AVG), or for MIN/MAX the least/greatest of
 * the old extreme and what was added. When they move several, it only locks them FOR NO KEY
 * UPDATE (which a child's foreign-key check, FOR KEY SHARE, does not wait for) in id order — the
 * same order in every transaction, so concurrent child writes never deadlock on their parents —
 * and answers the sums; `update` then applies them with a snapshot taken after the locks. (Locking and updating in
 * one statement deadlocks: its UPDATE starts from row versions older than the ones it locked, and
 * following their update chains queues behind other waiters.) Both answer the parents whose
 * MIN/MAX extreme may have left (a removed value at or beyond it, judged on the updated row, where
 * that extreme was kept); `ask` sets those from their children (`select min(..)` over the lookup's
 * index: that parent's children only), with a snapshot taken after the parents' locks, which sees
 * every child write committed before.
 */
function keepStatement(model: SchemaModel, specs: readonly RollupSpec[], group: readonly number[]): Keep {
  let byGroup = keepStatements.get(specs);
  if (!byGroup) keepStatements.set(specs, (byGroup = new Map()));
  const key = group.join(',');
  const cached = byGroup.get(key);
  if (cached) return cached;
  const params: unknown[] = [null, null, null, null, null];
  const parentSql = parentTableSql(model, specs[group[0]]);
  const aggregates: string[] = [];
  const sets: string[] = [];
  const agains: string[] = [];
  const asks: string[] = [];
  const askParams: unknown[] = [];
  /** d's columns but the parent: what `update` takes back from `first`. */
  const columns: string[] = [];
  group.forEach((i, j) => {
    const spec = specs[i];
    const { value, count, sum } = spec.columns;
    const only = (extra = '') => `filter (where x.r = ${j}${extra})`;
    aggregates.push(`coalesce(sum(x.s) ${only()}, 0) as n${j}`, `coalesce(sum(x.s * x.v) ${only()}, 0) as s${j}`);
    columns.push(`n${j}`, `s${j}`);
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
      columns.push(`a${j}`, `g${j}`);
      const current = `t.${q(value)}`;
      const again = `(${n} <> 0 and d.g${j} is not null and (${current} is null or d.g${j} ${beyond} ${current}))`;
      // Until asked again (`ask`, before the write commits), the old extreme stays; so RETURNING, which
      // sees the updated row, tells the same from it: a kept extreme is at or beyond what left, a new one is not.
      agains.push(`(t.${q(count)} <> 0 and d.g${j} is not null and (${current} is null or d.g${j} ${beyond} ${current}))`);
      v = `case when ${n} = 0 then null when ${again} then ${current} else ${keeps}(${current}, d.a${j}) end`;
      const filter = spec.filter?.(1 + askParams.length);
      if (filter) askParams.push(...filter.params);
      asks.push(`${q(value)} = (select ${fn}(c.${q(spec.valueColumn!)}) from ${childTableSql(model, spec)} c where c.${q(spec.lookupColumn)} = t.id and c."deletedAt" is null${filter ? ` and (${filter.sql}) is true` : ''})`);
    }
    sets.push(`${q(count)} = ${n}`, `${q(sum)} = ${s}`, `${q(value)} = ${v}`);
  });
  const values = contributionValues(specs, group, params);
  const child = childTableSql(model, specs[group[0]]);
  const moves = `with b as (select * from unnest($2::uuid[], $3::int[], $4::uuid[], $5::numeric[]) as b(id, r, p, v)),
      n as (select c.id, x.r, x.p, x.v from ${child} c cross join lateral (values ${values}) as x(r, p, v, k) where c.id = any($1::uuid[]) and c."deletedAt" is null and x.k),
      x as (select n.p, n.r, 1 as s, n.v from n where not exists (select from b where b.id = n.id and b.r = n.r and b.p = n.p and b.v is not distinct from n.v)
            union all
            select b.p, b.r, -1, b.v from b where not exists (select from n where b.id = n.id and b.r = n.r and b.p = n.p and b.v is not distinct from n.v)),
      d as (select x.p, ${aggregates.join(', ')} from x group by x.p)`;
  const apply = (only: string) => `update ${parentSql} t set ${sets.join(', ')} from d where t.id = d.p${only}
    returning t.id, ${agains.length ? agains.join(' or ') : 'false'} as again`;
  const built: Keep = {
    first: `${moves},
      many as (select count(*) > 1 as yes from d),
      l as materialized (select t.id from ${parentSql} t where (select yes from many) and t.id in (select d.p from d) order by t.id for no key update),
      u as (${apply(' and not (select yes from many)')})
    select (select yes from many) as many, (select count(*) from l)::int as locked, array(select u.id from u where u.again) as again,
      case when (select yes from many) then (select jsonb_agg(d) from d)::text end as moves`,
    update: `with d as (select * from jsonb_to_recordset($1::jsonb) as d(p uuid, ${columns.map((c) => `${c} numeric`).join(', ')}))
    ${apply('')}`,
    params: params.slice(5),
    ask: { sql: `update ${parentSql} t set ${asks.join(', ')} where t.id = any($1::uuid[])`, params: askParams },
  };
  byGroup.set(key, built);
  return built;
}

/**
 * Keeps every roll-up the specs name after a write of their child object: `ids` the children as
 * they are now (written by the write: created, updated, restored; none after a delete), `before`
 * what the batch's children contributed before it (read and locked by readContributions). One
 * statement per parent table when the write moves one parent (see keepStatement), two when it moves
 * several; one more only when a MIN/MAX extreme may have left.
 */
export async function keepRollups(db: Db, model: SchemaModel, specs: readonly RollupSpec[], ids: readonly string[], before: Contributions): Promise<void> {
  const b: [string[], number[], string[], (string | null)[]] = [[], [], [], []];
  const byParent = new Map<string, number[]>();
  specs.forEach((spec, i) => byParent.set(spec.parentTable, [...(byParent.get(spec.parentTable) ?? []), i]));
  for (const table of [...byParent.keys()].sort()) {
    const group = byParent.get(table)!;
    b.forEach((column) => { column.length = 0; });
    for (const [id, each] of before) {
      group.forEach((i, j) => {
        const was = each[i];
        if (!was) return;
        b[0].push(id); b[1].push(j); b[2].push(was.parent); b[3].push(was.value);
      });
    }
    if (ids.length === 0 && b[0].length === 0) continue;
    const keep = keepStatement(model, specs, group);
    const values = [ids, ...b, ...keep.params];
    const [first] = (await run(db, keep.first, values)).rows;
    let again = (first.again as string[]).map(String);
    // Several parents, now locked: the sums `first` made, applied (the children are not read again;
    // as JSON text, never parsed here: a numeric sum keeps every digit).
    if (first.many === true) again = (await run(db, keep.update, [first.moves])).rows.filter((r) => r.again === true).map((r) => String(r.id));
    if (again.length) await run(db, keep.ask.sql, [again, ...keep.ask.params]);
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
