import { compileSql } from '../expressions/index.ts';
import type { Expr } from './tree.ts';
import { fromSql, ident, type SqlWriter } from './writer.ts';

/** ` where a and b`, or nothing. */
export function whereSql(w: SqlWriter, where: readonly Expr[]): string {
  const parts = where.map((e) => compileExpr(w, e)).filter((s) => s !== 'true');
  return parts.length ? ` where ${parts.join(' and ')}` : '';
}

const CAST = /^[a-z][a-z0-9 ,()[\]]*$/;

export function compileExpr(w: SqlWriter, e: Expr): string {
  switch (e.kind) {
    case 'column':
      return `${ident(e.alias)}.${ident(e.column)}`;
    case 'formula': {
      const { expression, model, now, timeZone } = e.formula;
      const lookup = e.lookup;
      return compileSql(expression, model, {
        writer: w, alias: e.alias, now, timeZone,
        lookupConditions: lookup && ((object, alias) => lookup(object, alias).map((c) => compileExpr(w, c)).filter((c) => c !== 'true')),
      }).sql;
    }
    case 'param':
      if (e.cast && !CAST.test(e.cast)) throw new Error(`Unsafe cast ${e.cast}`);
      return w.param(e.value, e.cast);
    case 'const':
      return e.sql;
    case 'compare':
      return `(${compileExpr(w, e.left)} ${e.op} ${compileExpr(w, e.right)})`;
    case 'in':
      return `(${e.negated ? 'not ' : ''}${compileExpr(w, e.expr)} = any(${compileExpr(w, e.list)}))`;
    case 'isNull':
      return `(${compileExpr(w, e.expr)} is ${e.negated ? 'not ' : ''}null)`;
    case 'and':
    case 'or': {
      if (e.items.length === 0) return e.kind === 'and' ? 'true' : 'false';
      return `(${e.items.map((i) => compileExpr(w, i)).join(` ${e.kind} `)})`;
    }
    case 'not':
      return `(not ${compileExpr(w, e.expr)})`;
    case 'exists':
      return `(${e.negated ? 'not ' : ''}exists (select 1 from ${fromSql(e.from)}${whereSql(w, [...e.link, ...e.where])}))`;
    case 'lookupId':
      // Which form applies depends on the caller's row-level access: only the scoping walk knows.
      throw new Error('An id-only lookup filter reached the compiler unscoped (scope the tree first: query/scope.ts)');
    case 'arith':
      return `(${compileExpr(w, e.left)} ${e.op} ${compileExpr(w, e.right)})`;
    case 'call':
      return callSql(w, e.fn, e.args);
    case 'treeWalk': {
      const t = `${ident(e.schema)}.${ident(e.table)}`;
      const c = ident(e.column);
      const anchor = compileExpr(w, e.anchor);
      // UNION (not ALL): a walk ends even over rows that loop (cycles are refused on writes).
      const walk = e.direction === 'down'
        ? `with recursive d(id) as (select t.id from ${t} t where t.${c} = ${anchor} union select t.id from ${t} t join d on t.${c} = d.id) select id from d`
        : `with recursive a(id) as (select t.${c} from ${t} t where t.id = ${anchor} union select t.${c} from ${t} t join a on t.id = a.id) select id from a where id is not null`;
      return `(${compileExpr(w, e.expr)} in (${walk}))`;
    }
    case 'relativeDate':
      // The start of the unit `offset` units from the current one (UTC): date_trunc('month', now) + n months.
      return `(date_trunc('${e.unit}', current_date::timestamp) + ${w.param(e.offset, 'int')} * interval '1 ${e.unit}')`;
  }
}

function callSql(w: SqlWriter, fn: Extract<Expr, { kind: 'call' }>['fn'], args: readonly Expr[]): string {
  const a = args.map((x) => compileExpr(w, x));
  switch (fn) {
    case 'date_trunc':
      return `date_trunc(${a[0]}, ${a[1]})`;
    case 'lower':
      return `lower(${a[0]})`;
    case 'coalesce':
      return `coalesce(${a.join(', ')})`;
    case 'interval_days':
      return `make_interval(days => ${a[0]})`;
    case 'geo_distance_km':
      // Haversine distance between (lat1, lng1) and (lat2, lng2), in km.
      return `(6371.0088 * 2 * asin(sqrt(power(sin(radians(${a[2]} - ${a[0]}) / 2), 2) + cos(radians(${a[0]})) * cos(radians(${a[2]})) * power(sin(radians(${a[3]} - ${a[1]}) / 2), 2))))`;
  }
}
