import type { SchemaModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import { fieldType } from '../field-types/registry.ts';
import { COORDINATE_SCALE, EARTH_DIAMETER_M, RADIANS_PER_DEGREE } from './geo.ts';
import { DIVISION_SCALE, Num, NUMBER_TEXT } from './numbers.ts';
import { MAX_DAY, MAX_MS, MIN_DAY, MIN_MS } from './temporal.ts';
import type { CheckedExpression, DateUnit, ExprType, FieldRef, Typed } from './typed.ts';

/**
 * The SQL back end: a checked expression as ONE parameterised SQL expression over a table alias,
 * with the JavaScript back end's semantics (evaluate.ts; numbers.ts and temporal.ts define them).
 * Values are parameters; identifiers are quoted (storage/sql/quote.ts); the only literals written
 * are the language's own constants.
 *
 * Lookups (`account.industry`) are correlated scalar subqueries by primary key — one per field read
 * through a lookup, each over live records only (soft delete) — rather than joins: the expression
 * stays one self-contained SQL expression that the query compiler can place anywhere (a select
 * list, a filter, an order, a group key, an aggregate) without changing the FROM clause it sits in.
 * Rights are the caller's: `reads`/`objects` of the checked expression say what it reads, and
 * `lookupConditions` adds row-level access to each lookup's row.
 *
 * An operand used more than once (ADDDAYS's date in its range check and its result, DISTANCE's
 * points) is bound once in a one-row subquery unless it is a column, a parameter or a literal.
 */
export interface SqlParams {
  /** Adds a parameter and returns its placeholder (`$3` or `$3::numeric`): query/'s SqlWriter. */
  param(value: unknown, cast?: string): string;
}

export interface SqlOptions {
  writer: SqlParams;
  /** The alias of the record's table in the statement ('' : bare column names, as a generated column's expression needs). */
  alias: string;
  /** The clock's now (platform.clock.now()): TODAY() and NOW(). */
  now: Date;
  /** The tenant's time zone (IANA name; default UTC). */
  timeZone?: string;
  /** `$User`'s properties (values become parameters). */
  user?: Readonly<Record<string, unknown>>;
  /** Rules: the alias of the row before the change; null on a create (PRIORVALUE is NULL, ISCHANGED FALSE). */
  prior?: { alias: string } | null;
  /** Fresh aliases for the subqueries the expression adds (default `__e1`, `__e2`, …). */
  nextAlias?: () => string;
  /** More conditions on the row a lookup reads (row-level access), over its alias. */
  lookupConditions?: (object: string, alias: string) => readonly string[];
}

export interface CompiledExpressionSql {
  sql: string;
  type: ExprType;
  /**
   * Whether the SQL may be a STORED generated column's expression: over the record's own columns
   * only (no lookup, no bound subquery), reading no clock, time zone, user or prior row, and built of
   * operations PostgreSQL holds immutable (`concat` and everything on date/times are only stable).
   */
  storable: boolean;
}

export const SQL_TYPES: Readonly<Record<ExprType, string>> = {
  number: 'numeric', text: 'text', boolean: 'boolean', date: 'date', datetime: 'timestamptz', geo: 'point', null: 'text',
};

const EPOCH_DAY = "date '1970-01-01'";
const UNIT_MS: Partial<Record<DateUnit, number>> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
const COMPARE_SQL = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
/** Bounds inside guarded branches, so that no cast can fail even where PostgreSQL folds constants early. */
const MAX_DAYS_MOVED = 4_000_000;
const MAX_MONTHS_MOVED = 200_000;

export function compileSql(expression: CheckedExpression, model: SchemaModel, options: SqlOptions): CompiledExpressionSql {
  let n = 0;
  const nextAlias = options.nextAlias ?? (() => `__e${++n}`);
  const compiler = new SqlCompiler(model, options, nextAlias);
  const sql = compiler.emit(expression.root);
  return { sql, type: expression.type, storable: compiler.storable };
}

const epochMs = (x: string) => `(extract(epoch from ${x}) * 1000)`;
/** A timestamptz from epoch milliseconds (exact: whole hours, then seconds with their milliseconds). */
const fromMs = (m: string) => `(timestamptz 'epoch' + make_interval(hours => div(${m}, 3600000)::int, secs => (mod(${m}, 3600000) / 1000)::float8))`;
const whole = (x: string) => `round(${x})`;
const clampInt = (x: string, bound: number) => `least(greatest(${x}, -${bound}), ${bound})::int`;
/** numbers.ts's division: the quotient truncated at scale+1 decimals, rounded once. */
const divide = (a: string, b: string) => `round(div(${a} * 1e${DIVISION_SCALE + 1}, nullif(${b}, 0)) * 1e-${DIVISION_SCALE + 1}, ${DIVISION_SCALE})`;

class SqlCompiler {
  private readonly model: SchemaModel;
  private readonly options: SqlOptions;
  private readonly nextAlias: () => string;
  private nowSql: string | undefined;
  private zoneSql: string | undefined;
  /** Cleared by whatever a generated column may not hold (CompiledExpressionSql.storable). */
  storable = true;

  constructor(model: SchemaModel, options: SqlOptions, nextAlias: () => string) {
    this.model = model;
    this.options = options;
    this.nextAlias = nextAlias;
  }

  /** A node as SQL of its own type. */
  emit(node: Typed): string {
    switch (node.kind) {
      case 'literal':
        if (node.value === null) return `null::${SQL_TYPES[node.type]}`;
        if (node.type === 'boolean') return node.value ? 'true' : 'false';
        return this.options.writer.param(node.value, SQL_TYPES[node.type]);
      case 'field':
        return this.field(node.ref, node.prior);
      case 'user': {
        this.storable = false;
        const value = this.options.user?.[node.property] ?? null;
        return value === null ? `null::${SQL_TYPES[node.type]}` : this.options.writer.param(value, SQL_TYPES[node.type]);
      }
      case 'call':
        return this.call(node);
    }
  }

  /** A node as SQL of `type` (a NULL-typed node gets the type its place needs). */
  private as(node: Typed, type: ExprType): string {
    const sql = this.emit(node);
    return node.type === 'null' && type !== 'null' ? `(${sql})::${SQL_TYPES[type]}` : sql;
  }

  private field(ref: FieldRef, prior: boolean): string {
    let alias = this.options.alias;
    if (ref.via.length > 0 || ref.type === 'datetime') this.storable = false;
    if (prior) {
      this.storable = false;
      if (!this.options.prior) return `null::${SQL_TYPES[ref.type]}`;
      alias = this.options.prior.alias;
    }
    return this.through(ref, 0, alias);
  }

  /** The field's value from the row under `alias`, following the lookups from `hop` on (one subquery each). */
  private through(ref: FieldRef, hop: number, alias: string): string {
    if (hop === ref.via.length) return columnValue(ref, alias);
    const step = ref.via[hop];
    const target = this.model.objects.get(step.target)!;
    const inner = this.nextAlias();
    const conditions = [
      `${quoteIdent(inner)}.${quoteIdent('id')} = ${columnOf(alias, step.column)}`,
      `${quoteIdent(inner)}.${quoteIdent('deletedAt')} is null`,
      ...(this.options.lookupConditions?.(step.target, inner) ?? []),
    ];
    return `(select ${this.through(ref, hop + 1, inner)} from ${qualified(this.model.schema, target.catalog.tableName)} ${quoteIdent(inner)} where ${conditions.join(' and ')})`;
  }

  private now(): string {
    this.storable = false;
    return (this.nowSql ??= this.options.writer.param(this.options.now.toISOString(), 'timestamptz'));
  }

  private zone(): string {
    this.storable = false;
    return (this.zoneSql ??= this.options.writer.param(this.options.timeZone ?? 'UTC', 'text'));
  }

  /**
   * `body` over the operands, each written once: inline when it is a column, parameter or literal,
   * else bound in a one-row subquery (`(select body from (select a as v1, …) b)`).
   */
  private bind(operands: readonly string[], nodes: readonly Typed[], body: (...refs: string[]) => string): string {
    if (nodes.every(isSimple)) return body(...operands);
    this.storable = false;
    const b = quoteIdent(this.nextAlias());
    const refs = operands.map((_, i) => `${b}."v${i}"`);
    return `(select ${body(...refs)} from (select ${operands.map((o, i) => `${o} as "v${i}"`).join(', ')}) as ${b})`;
  }

  private call(node: Extract<Typed, { kind: 'call' }>): string {
    const a = node.args;
    // concat() and every operation on date/times are STABLE in PostgreSQL (output functions, time zones).
    if (node.fn === 'concat' || node.type === 'datetime' || node.operand === 'datetime' || (node.fn === 'text' && node.operand === 'date')
      || node.fn === 'addMonths' || node.fn === 'dateDiff') this.storable = false;
    const num = (i: number) => this.as(a[i], 'number');
    const txt = (i: number) => this.as(a[i], 'text');
    const operand = node.operand ?? 'null';
    switch (node.fn) {
      case 'neg':
        return `(-${num(0)})`;
      case 'add':
        return `(${num(0)} + ${num(1)})`;
      case 'sub':
        return `(${num(0)} - ${num(1)})`;
      case 'mul':
        return `(${num(0)} * ${num(1)})`;
      case 'div': {
        // By a literal whose inverse is a terminating decimal (100, 0.25, 8): multiply by the exact
        // inverse and round once — the same number as the general path, without numeric division.
        const inverse = a[1].kind === 'literal' && a[1].type === 'number' ? exactInverse(a[1].value as string) : null;
        if (inverse) {
          const product = `(${num(0)} * ${this.options.writer.param(inverse, 'numeric')})`;
          // When the exact product has no more decimals than the division keeps, rounding it changes nothing.
          return scaleOf(a[0]) + decimalsOf(inverse) <= DIVISION_SCALE ? product : `round(${product}, ${DIVISION_SCALE})`;
        }
        return divide(num(0), num(1));
      }
      case 'addDays':
        return node.type === 'date' ? this.addDaysToDate(node) : this.addDaysToDateTime(node);
      case 'diffDays': {
        const [start, end] = [this.as(a[0], operand), this.as(a[1], operand)];
        return operand === 'date' ? `((${end} - ${start})::numeric)` : divide(`(${epochMs(end)} - ${epochMs(start)})`, '86400000');
      }
      case 'addMonths':
        return this.addMonths(node);
      case 'dateDiff':
        return this.dateDiff(node);
      case 'concat':
        return `concat(${a.map((x) => this.text(this.emit(x), x.type)).join(', ')})`;
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const collate = operand === 'text' && node.fn !== 'eq' && node.fn !== 'ne' ? ' collate "C"' : '';
        return `(${this.as(a[0], operand)}${collate} ${COMPARE_SQL[node.fn]} ${this.as(a[1], operand)})`;
      }
      case 'if':
        return `(case when ${this.as(a[0], 'boolean')} then ${this.as(a[1], node.type)} else ${a.length > 2 ? this.as(a[2], node.type) : `null::${SQL_TYPES[node.type]}`} end)`;
      case 'case': {
        let sql = `(case ${this.as(a[0], operand)}`;
        let i = 1;
        for (; i + 1 < a.length; i += 2) sql += ` when ${this.as(a[i], operand)} then ${this.as(a[i + 1], node.type)}`;
        return `${sql} else ${i < a.length ? this.as(a[i], node.type) : `null::${SQL_TYPES[node.type]}`} end)`;
      }
      case 'and':
      case 'or':
        return `(${a.map((x) => this.as(x, 'boolean')).join(` ${node.fn} `)})`;
      case 'not':
        return `(not ${this.as(a[0], 'boolean')})`;
      case 'isBlank':
        return operand === 'text' ? `(coalesce(${txt(0)}, '') = '')` : `(${this.emit(a[0])} is null)`;
      case 'blankValue':
        return node.type === 'text' ? `coalesce(nullif(${txt(0)}, ''), ${txt(1)})` : `coalesce(${this.as(a[0], node.type)}, ${this.as(a[1], node.type)})`;
      case 'today':
        return `((${this.now()} at time zone ${this.zone()})::date)`;
      case 'now':
        return this.now();
      case 'text':
        return this.text(this.emit(a[0]), operand);
      case 'value':
        return this.bind([txt(0)], [a[0]], (t) => `(case when ${t} collate "C" ~ ${this.options.writer.param(NUMBER_TEXT, 'text')} then ${t}::numeric end)`);
      case 'round':
        return `round(${num(0)}, ${Number(node.digits)})`;
      case 'abs':
        return `abs(${num(0)})`;
      case 'len':
        return `(length(${txt(0)})::numeric)`;
      case 'contains':
        return `(strpos(${txt(0)} collate "C", ${txt(1)}) > 0)`;
      case 'begins':
        return `starts_with(${txt(0)} collate "C", ${txt(1)})`;
      case 'regex':
        return `(${txt(0)} collate "C" ~ ${this.options.writer.param(node.pattern!.pg, 'text')})`;
      case 'distance':
        return this.bind([this.as(a[0], 'geo'), this.as(a[1], 'geo')], a, distanceSql);
      case 'isChanged': {
        if (!this.options.prior) return 'false';
        const [now, before] = [this.emit(a[0]), this.emit(a[1])];
        if (operand === 'geo') return `((${now})[0] is distinct from (${before})[0] or (${now})[1] is distinct from (${before})[1])`;
        return `(${now} is distinct from ${before})`;
      }
    }
  }

  /** TEXT of a value (numbers without trailing zeros; date/times in the tenant's zone). */
  private text(sql: string, type: ExprType): string {
    switch (type) {
      case 'number':
        return `(trim_scale(${sql})::text)`;
      case 'date':
        return `to_char(${sql}, 'YYYY-MM-DD')`;
      case 'datetime':
        return `to_char((${sql}) at time zone ${this.zone()}, 'YYYY-MM-DD HH24:MI:SS')`;
      case 'boolean':
        return `(${sql})::text`;
      case 'null':
        // Still the operand's SQL: its parameters are numbered in the statement already.
        return `(${sql})::text`;
      default:
        return sql;
    }
  }

  private addDaysToDate(node: Extract<Typed, { kind: 'call' }>): string {
    return this.bind([this.as(node.args[0], 'date'), this.as(node.args[1], 'number')], node.args, (d, n) =>
      `(case when (${d} - ${EPOCH_DAY}) + ${whole(n)} between ${MIN_DAY} and ${MAX_DAY} then ${d} + ${clampInt(whole(n), MAX_DAYS_MOVED)} end)`);
  }

  private addDaysToDateTime(node: Extract<Typed, { kind: 'call' }>): string {
    return this.bind([this.as(node.args[0], 'datetime'), this.as(node.args[1], 'number')], node.args, (t, n) => {
      const moved = `(${epochMs(t)} + ${whole(`${n} * 86400000`)})`;
      return `(case when ${moved} between ${MIN_MS} and ${MAX_MS} then ${fromMs(moved)} end)`;
    });
  }

  /** temporal.ts's addMonthsToDay, in UTC for date/times. */
  private addMonths(node: Extract<Typed, { kind: 'call' }>): string {
    const type = node.type;
    return this.bind([this.as(node.args[0], type), this.as(node.args[1], 'number')], node.args, (x, n) => {
      const local = type === 'date' ? `(${x})::timestamp` : `((${x}) at time zone 'UTC')`;
      const index = `(extract(year from ${local}) * 12 + extract(month from ${local}) - 1 + ${whole(n)})`;
      const moved = `(${local} + make_interval(months => ${clampInt(whole(n), MAX_MONTHS_MOVED)}))`;
      const result = type === 'date' ? `${moved}::date` : `(${moved} at time zone 'UTC')`;
      return `(case when ${index} between 12 and ${9999 * 12 + 11} then ${result} end)`;
    });
  }

  private dateDiff(node: Extract<Typed, { kind: 'call' }>): string {
    const type = node.operand!;
    const unit = node.unit!;
    const [start, end] = [this.as(node.args[0], type), this.as(node.args[1], type)];
    if (unit !== 'month' && unit !== 'year') {
      if (type === 'date') return unit === 'week' ? `div(${end} - ${start}, 7)` : `((${end} - ${start})::numeric)`;
      return `div(${epochMs(end)} - ${epochMs(start)}, ${UNIT_MS[unit]})`;
    }
    return this.bind([start, end], node.args, (a, b) => {
      const months = monthsBetweenSql(a, b, type);
      return unit === 'year' ? `div(${months}, 12)` : months;
    });
  }
}

/** A column read as a value of the language: numbers as numeric, date/times to the millisecond, points from two columns. */
/** A column of the row under `alias` (bare when the alias is '': a generated column's expression). */
const columnOf = (alias: string, column: string) => (alias ? `${quoteIdent(alias)}.${quoteIdent(column)}` : quoteIdent(column));

function columnValue(ref: FieldRef, alias: string): string {
  const col = (c: string) => columnOf(alias, c);
  const read = ref.fieldType ? fieldType(ref.fieldType).expressionRead : undefined;
  if (typeof read === 'function') return read(col(ref.columns[0]));
  switch (ref.type) {
    case 'number':
      return `${col(ref.columns[0])}::numeric`;
    case 'text':
      return `${col(ref.columns[0])}::text`;
    case 'datetime':
      return `date_trunc('milliseconds', ${col(ref.columns[0])})`;
    case 'geo': {
      const [lat, lng] = ref.columns.map(col);
      return `(case when ${lat} is null or ${lng} is null then null else point(${lat}, ${lng}) end)`;
    }
    default:
      return col(ref.columns[0]);
  }
}

/** 1/d written out when it terminates (d's digits have no prime factor but 2 and 5), else null. */
function exactInverse(literal: string): string | null {
  const d = new Num(literal);
  if (d.isZero()) return null;
  let m = BigInt(literal.replace('.', '').replace(/^0+(?=\d)/, ''));
  for (const p of [2n, 5n]) while (m % p === 0n) m /= p;
  return m === 1n ? new Num(1).div(d).toFixed() : null;
}

const decimalsOf = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** An upper bound of the decimals a number node's value has (Infinity: unknown), as PostgreSQL computes it exactly. */
function scaleOf(node: Typed): number {
  if (node.type === 'null') return 0;
  switch (node.kind) {
    case 'literal':
      return decimalsOf(String(node.value));
    case 'field':
      return node.ref.scale ?? Infinity;
    case 'user':
      return Infinity;
    case 'call': {
      const a = node.args;
      switch (node.fn) {
        case 'neg': case 'abs': return scaleOf(a[0]);
        case 'add': case 'sub': return Math.max(scaleOf(a[0]), scaleOf(a[1]));
        case 'mul': return scaleOf(a[0]) + scaleOf(a[1]);
        case 'round': return Math.min(scaleOf(a[0]), Math.max(0, node.digits ?? 0));
        case 'len': case 'dateDiff': return 0;
        case 'diffDays': return node.operand === 'date' ? 0 : DIVISION_SCALE;
        case 'distance': return 3;
        case 'if': return Math.max(...a.slice(1).map(scaleOf));
        case 'blankValue': return Math.max(...a.map(scaleOf));
        case 'case': return Math.max(...a.slice(1).filter((_, i) => i % 2 === 1 || i === a.length - 2).map(scaleOf));
        case 'div': return DIVISION_SCALE;
        default: return Infinity;
      }
    }
  }
}

const isSimple = (node: Typed): boolean => node.kind === 'literal' || node.kind === 'user' || (node.kind === 'field' && node.ref.via.length === 0);

/** geo.ts's haversine, operation for operation, then its rounding (float8 → numeric keeps 15 digits). */
function distanceSql(p: string, q: string): string {
  // Parenthesised: `x::point[0]` would read as a cast to an array type.
  [p, q] = [`(${p})`, `(${q})`];
  const r = `${RADIANS_PER_DEGREE}::float8`;
  const c = (x: string) => `(round(${x} * ${COORDINATE_SCALE}::float8) / ${COORDINATE_SCALE}::float8)`;
  const [lat1, lng1, lat2, lng2] = [c(`${p}[0]`), c(`${p}[1]`), c(`${q}[0]`), c(`${q}[1]`)];
  const s1 = `sin(((${lat2} - ${lat1}) * ${r}) / 2)`;
  const s2 = `sin(((${lng2} - ${lng1}) * ${r}) / 2)`;
  const h = `((${s1} * ${s1}) + (((cos(${lat1} * ${r}) * cos(${lat2} * ${r})) * ${s2}) * ${s2}))`;
  // least() skips NULLs (least(1, NULL) is 1): the NULL case is written out.
  return `(case when ${p} is null or ${q} is null then null else round((${EARTH_DIAMETER_M}::float8 * asin(least(1::float8, sqrt(${h}))))::numeric, 3) end)`;
}

/** temporal.ts's monthsBetween over two bound operands (date/times in UTC). */
function monthsBetweenSql(a: string, b: string, type: ExprType): string {
  const local = (x: string) => (type === 'date' ? `(${x})::timestamp` : `((${x}) at time zone 'UTC')`);
  const part = (x: string, p: 'year' | 'month' | 'day') => `extract(${p} from ${local(x)})`;
  const index = (x: string) => `(${part(x, 'year')} * 12 + ${part(x, 'month')})`;
  const time = (x: string) => (type === 'date' ? '0' : `(extract(epoch from ${local(x)}::time) * 1000)`);
  const lastDay = (x: string) => `extract(day from (date_trunc('month', ${local(x)}) + interval '1 month' - interval '1 day'))`;
  // From x to a later y: whole months, less one when x's day (clamped to y's month) and time pass y's.
  const forward = (x: string, y: string) => {
    const landed = `least(${part(x, 'day')}, ${lastDay(y)})`;
    return `(${index(y)} - ${index(x)} - (case when ${landed} > ${part(y, 'day')} or (${landed} = ${part(y, 'day')} and ${time(x)} > ${time(y)}) then 1 else 0 end))`;
  };
  return `(case when ${a} <= ${b} then ${forward(a, b)} else -${forward(b, a)} end)`;
}
