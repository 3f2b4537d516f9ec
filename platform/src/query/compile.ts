import type { AggregateQuery, ConnectionQuery, Expr, IdQuery, OrderTerm, ReadOperation, Rename, Scoped, Shape, ShapeEntry } from './tree.ts';
import { compileExpr, whereSql } from './compile-expr.ts';
import { searchSql } from './compile-search.ts';
import { fromSql, ident, jsonConst, jsonKey, jsonObject, SqlWriter } from './writer.ts';

export interface CompiledSql {
  text: string;
  params: unknown[];
  /** Its parameters hold the clock's now (a formula with NOW or TODAY): compile it again for another request. */
  volatile?: true;
}

/**
 * One SQL statement for a whole read operation; PostgreSQL returns the `data` object as JSON text.
 * Only a scoped tree compiles (soft delete and row-level access applied to every source).
 */
export function compileRead(operation: Scoped<ReadOperation>): CompiledSql {
  if (operation.scoped !== true) throw new Error('compileRead: the tree was not scoped');
  const w = new SqlWriter();
  const data = entriesSql(w, operation.entries);
  return { text: `select ${data} as data`, params: w.params, ...(operation.volatile ? { volatile: true } : {}) };
}

function entriesSql(w: SqlWriter, entries: readonly ShapeEntry[]): string {
  return jsonObject(entries.map((e) => [e.key, shapeSql(w, e.shape)]));
}

export function shapeSql(w: SqlWriter, shape: Shape): string {
  switch (shape.kind) {
    case 'value': {
      const sql = shape.sql.render(shape.sql.columns.map((c) => `${ident(shape.sql.alias)}.${ident(c)}`));
      return shape.sql.rename ? renameSql(w, sql, shape.sql.rename) : sql;
    }
    case 'expr':
      return compileExpr(w, shape.expr);
    case 'const':
      return jsonConst(shape.value);
    case 'object':
      return entriesSql(w, shape.entries);
    case 'record':
      return `(select ${entriesSql(w, shape.entries)} from ${fromSql(shape.from)}${whereSql(w, [...shape.link, ...shape.where])})`;
    case 'list': {
      const order = shape.orderBy.length ? ` order by ${orderSql(w, shape.orderBy)}` : '';
      return `coalesce((select json_agg(${entriesSql(w, shape.entries)}${order}) from ${fromSql(shape.from)}${whereSql(w, [...shape.link, ...shape.where])}), '[]'::json)`;
    }
    case 'connection':
      return connectionSql(w, shape.query);
    case 'aggregate':
      return aggregateSql(w, shape.query);
    case 'first':
      return shape.shapes.length ? `coalesce(${shape.shapes.map((s) => shapeSql(w, s)).join(', ')})` : 'null::json';
    case 'search':
      return searchSql(w, shape.query, (entries, extra) => jsonObject([...entries.map((e): [string, string] => [e.key, shapeSql(w, e.shape)]), ...extra]));
  }
}

/**
 * A text value (or each element of a `text[]`, in order) under its new name when it has one:
 * `coalesce(($to)[array_position($from, v)], v)`, two array parameters whatever the count.
 */
function renameSql(w: SqlWriter, sql: string, rename: Rename): string {
  const one = (v: string) => `coalesce((${w.param(rename.to, 'text[]')})[array_position(${w.param(rename.from, 'text[]')}, ${v})], ${v})`;
  if (!rename.list) return one(sql);
  return `(case when ${sql} is null then null else array(select ${one('__v')} from unnest(${sql}) with ordinality as __u(__v, __n) order by __n) end)`;
}

const reverse = (t: OrderTerm): OrderTerm => ({ ...t, direction: t.direction === 'ASC' ? 'DESC' : 'ASC', nulls: t.nulls === 'FIRST' ? 'LAST' : 'FIRST' });

function orderSql(w: SqlWriter, terms: readonly OrderTerm[]): string {
  return terms.map((t) => `${compileExpr(w, t.expr)} ${t.direction} NULLS ${t.nulls}`).join(', ');
}

/** Rows strictly after `values` in the order of `terms` (keyset pagination, null-aware, id last). */
function keysetAfter(terms: readonly OrderTerm[], values: readonly unknown[]): Expr {
  const ors: Expr[] = [];
  for (let i = 0; i < terms.length; i++) {
    const ands: Expr[] = [];
    for (let j = 0; j < i; j++) {
      const v = values[j];
      ands.push(v === null ? { kind: 'isNull', expr: terms[j].expr, negated: false } : { kind: 'compare', op: '=', left: terms[j].expr, right: { kind: 'param', value: v, cast: castOf(terms[j]) } });
    }
    const t = terms[i];
    const v = values[i];
    let after: Expr | null;
    if (v === null) after = t.nulls === 'FIRST' ? { kind: 'isNull', expr: t.expr, negated: true } : null;
    else {
      const strict: Expr = { kind: 'compare', op: t.direction === 'ASC' ? '>' : '<', left: t.expr, right: { kind: 'param', value: v, cast: castOf(t) } };
      after = t.nulls === 'LAST' ? { kind: 'or', items: [strict, { kind: 'isNull', expr: t.expr, negated: false }] } : strict;
    }
    if (after) ors.push({ kind: 'and', items: [...ands, after] });
  }
  return ors.length ? { kind: 'or', items: ors } : { kind: 'const', sql: 'false' };
}

const castOf = (term: OrderTerm) => term.cast;

/** The base64 cursor of a row: its order-key values as a JSON array. */
function cursorSql(w: SqlWriter, terms: readonly OrderTerm[]): string {
  return `translate(encode(convert_to(json_build_array(${terms.map((t) => compileExpr(w, t.expr)).join(', ')})::text, 'UTF8'), 'base64'), E'\\n', '')`;
}

/**
 * A connection: the page's rows (one more than asked, to know whether there is a next page) in a
 * derived table under the source's alias, numbered in page order; edges, pageInfo and totalCount
 * are aggregates over it. Backward pages (last/before) read in reverse and are put back in order.
 */
function connectionSql(w: SqlWriter, q: ConnectionQuery): string {
  // Backward when the page is the last n records (pageOf makes `before` without `first` a `last` page).
  const backward = q.page.last !== undefined;
  const size = (backward ? q.page.last : q.page.first) ?? 0;
  const terms = backward ? q.orderBy.map(reverse) : q.orderBy;
  const conditions = [...q.link, ...q.where];
  const where = [...conditions];
  const cursor = backward ? q.page.before : q.page.after;
  if (cursor) where.push(keysetAfter(terms, cursor));
  if (backward && q.page.after) where.push(keysetAfter(q.orderBy, q.page.after));
  if (!backward && q.page.before) where.push(keysetAfter(q.orderBy.map(reverse), q.page.before));
  const a = ident(q.from.alias);
  // Without edges, nodes or pageInfo nothing aggregates the page: the object is built without it
  // (else it would be one row per record, or none), and no parameter of it is left unreferenced.
  const aggregated = q.select.some((s) => s.kind === 'edges' || s.kind === 'nodes' || s.kind === 'pageInfo');
  const page = () => `${whereSql(w, where)} order by ${orderSql(w, terms)} limit ${w.param(size + 1, 'int')}`;
  // Deferred: the page's ids, once (an uncorrelated array: one index-only scan, and a plan PostgreSQL
  // can keep as generic), then their rows by primary key. The inner alias shadows the outer one, so
  // the conditions apply to the inner scan; the page order is restored by the numbering below.
  const inner = !aggregated ? '' : q.deferred
    ? `select ${a}.* from ${fromSql(q.from)} where ${a}."id" = any(array(select ${a}."id" from ${fromSql(q.from)}${page()}))`
    : `select ${a}.* from ${fromSql(q.from)}${page()}`;
  const numbered = aggregated ? `select ${a}.*, row_number() over (order by ${orderSql(w, terms)}) as "__rn" from (${inner}) ${a}` : '';
  const within = aggregated ? `filter (where "__rn" <= ${w.param(size, 'int')})` : '';
  const outOrder = backward ? '"__rn" desc' : '"__rn"';
  const entries: [string, string][] = [];
  for (const sel of q.select) {
    switch (sel.kind) {
      case 'edges': {
        const edge = jsonObject(sel.select.map((e) => [e.key, e.kind === 'cursor' ? cursorSql(w, q.orderBy) : e.kind === 'node' ? entriesSql(w, e.entries) : jsonConst(e.value)]));
        entries.push([sel.key, `coalesce(json_agg(${edge} order by ${outOrder}) ${within}, '[]'::json)`]);
        break;
      }
      case 'nodes':
        entries.push([sel.key, `coalesce(json_agg(${entriesSql(w, sel.entries)} order by ${outOrder}) ${within}, '[]'::json)`]);
        break;
      case 'pageInfo': {
        const cursors = `(array_agg(${cursorSql(w, q.orderBy)} order by ${outOrder}) ${within})`;
        // Made on first use: a parameter the text does not reference fails the prepared statement.
        let moreSql: string | undefined;
        const more = () => (moreSql ??= `(count(*) > ${w.param(size, 'int')})`);
        const info = sel.select.map(({ key, field }): [string, string] => {
          switch (field) {
            case 'hasNextPage': return [key, backward ? (q.page.before ? 'true' : 'false') : more()];
            case 'hasPreviousPage': return [key, backward ? more() : (q.page.after ? 'true' : 'false')];
            case 'startCursor': return [key, `${cursors}[1]`];
            case 'endCursor': return [key, `${cursors}[array_length(${cursors}, 1)]`];
            default: return [key, jsonConst('PageInfo')];
          }
        });
        entries.push([sel.key, jsonObject(info)]);
        break;
      }
      case 'totalCount':
        entries.push([sel.key, `(select count(*) from ${fromSql(q.from)}${whereSql(w, conditions)})`]);
        break;
      case 'typename':
        entries.push([sel.key, jsonConst(sel.value)]);
        break;
    }
  }
  return aggregated ? `(select ${jsonObject(entries)} from (${numbered}) ${a})` : `(select ${jsonObject(entries)})`;
}

/** Groups (or one row without groupBy) as a JSON array; each group's key and aggregates. */
function aggregateSql(w: SqlWriter, q: AggregateQuery): string {
  const a = ident(q.from.alias);
  const columns: string[] = [];
  const column = (sql: string) => {
    columns.push(`${sql} as "c${columns.length}"`);
    return `${a}."c${columns.length - 1}"`;
  };
  const groups = q.groupBy.map((g) => {
    const expr = compileExpr(w, g.expr);
    if (!g.bucket) return expr;
    return g.dateOnly ? `date_trunc('${g.bucket}', ${expr})::date` : `date_trunc('${g.bucket}', ${expr})`;
  });
  const groupCols = groups.map((g) => column(g));
  const entries: [string, string][] = [];
  for (const sel of q.select) {
    if (sel.kind === 'count') entries.push([sel.key, column('count(*)')]);
    else if (sel.kind === 'typename') entries.push([sel.key, jsonConst(sel.value)]);
    else if (sel.kind === 'groupKey') {
      entries.push([sel.key, jsonObject(sel.select.map((k) => [k.key, k.group === '__typename' ? jsonConst(k.typename) : k.rename ? renameSql(w, groupCols[k.group], k.rename) : groupCols[k.group]]))]);
    } else {
      const fn = sel.fn === 'countDistinct' ? (e: string) => `count(distinct ${e})` : (e: string) => `${sel.fn}(${e})`;
      entries.push([sel.key, jsonObject(sel.select.map((s) => [s.key, s.expr ? column(fn(compileExpr(w, s.expr))) : jsonConst(s.typename)]))]);
    }
  }
  const body = jsonObject(entries);
  const select = columns.length ? columns.join(', ') : '1';
  const groupBy = groups.length ? ` group by ${groups.map((_, i) => i + 1).join(', ')}` : '';
  const order = groupCols.length ? ` order by ${groupCols.map((c) => `${c} nulls last`).join(', ')}` : '';
  return `(select coalesce(json_agg(${body}${order}), '[]'::json) from (select ${select} from ${fromSql(q.from)}${whereSql(w, [...q.link, ...q.where])}${groupBy}) ${a})`;
}

/** `select <alias>.id from … where … order by id [limit n] [for update]`: the records a bulk change or a check reaches. */
export function compileIds(query: Scoped<IdQuery>): CompiledSql {
  if (query.scoped !== true) throw new Error('compileIds: the tree was not scoped');
  const w = new SqlWriter();
  const a = ident(query.from.alias);
  const order = query.limit !== undefined || query.lock ? ` order by ${a}.id` : '';
  const limit = query.limit !== undefined ? ` limit ${Math.floor(query.limit)}` : '';
  const text = `select ${a}.id from ${fromSql(query.from)}${whereSql(w, [...query.link, ...query.where])}${order}${limit}${query.lock ? ' for update' : ''}`;
  return { text, params: w.params };
}

export { jsonKey };
