import { distanceMetres, type Geo } from './geo.ts';
import { divide, Num, numberToText, parseNumberText, round, toNum, wholeOf } from './numbers.ts';
import { DAY_MS, MAX_DAY, MAX_MS, MIN_DAY, MIN_MS, addMonthsToDay, dateText, dateTimeText, localDay, localText, monthsBetween, parseDate, parseDateTime } from './temporal.ts';
import type { CheckedExpression, DateUnit, ExprType, FieldRef, Typed } from './typed.ts';

/**
 * The JavaScript back end: evaluates a checked expression over a plain record (API field names,
 * lookups as nested records), with the same semantics as the SQL back end (sql.ts) — the property
 * test runs both over random expressions and records. It interprets the typed tree; nothing is
 * compiled to JavaScript source (no eval, no Function).
 */
export interface EvaluationContext {
  /** The clock's now (platform.clock.now()): TODAY() and NOW(). */
  now: Date;
  /** The tenant's time zone (an IANA name; default UTC): TODAY() and TEXT of a date/time. */
  timeZone?: string;
  /** `$User`'s properties. */
  user?: Readonly<Record<string, unknown>>;
  /** Rules: the record before the change (null or absent on a create). */
  prior?: Readonly<Record<string, unknown>> | null;
}

/**
 * A value as the evaluator holds it: a number is a decimal, a date its day number, a date/time its
 * epoch milliseconds, a geolocation `{lat, lng}`.
 */
export type Value = Num | string | boolean | number | Geo | null;

/** A record value that needs a nested record the caller did not load (`account` given as an id). */
export class UnloadedLookupError extends Error {}

export function evaluateRaw(expression: CheckedExpression, record: Readonly<Record<string, unknown>>, context: EvaluationContext): Value {
  return new Evaluator(record, context).ev(expression.root);
}

/** The expression's value as the API shows values: numbers, `YYYY-MM-DD`, ISO date/times, `{lat, lng}`. */
export function evaluate(expression: CheckedExpression, record: Readonly<Record<string, unknown>>, context: EvaluationContext): unknown {
  return toApiValue(evaluateRaw(expression, record, context), expression.type);
}

export function toApiValue(value: Value, type: ExprType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'number':
      return Number((value as Num).toString());
    case 'date':
      return dateText(value as number);
    case 'datetime':
      return dateTimeText(value as number);
    default:
      return value;
  }
}

/** One text per value, the same for equal values (numbers without trailing zeros): what tests compare. */
export function canonicalText(value: Value, type: ExprType): string | null {
  if (value === null) return null;
  switch (type) {
    case 'number':
      return numberToText(value as Num);
    case 'date':
      return dateText(value as number);
    case 'datetime':
      return dateTimeText(value as number);
    case 'geo':
      return `${(value as Geo).lat},${(value as Geo).lng}`;
    default:
      return String(value);
  }
}

const UNIT_MS: Partial<Record<DateUnit, number>> = { second: 1000, minute: 60_000, hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS };
const MAX_DAYS_MOVED = 4_000_000;
const MAX_MONTHS_MOVED = 200_000;
const regexes = new Map<string, RegExp>();

class Evaluator {
  private readonly record: Readonly<Record<string, unknown>>;
  private readonly context: EvaluationContext;

  constructor(record: Readonly<Record<string, unknown>>, context: EvaluationContext) {
    this.record = record;
    this.context = context;
  }

  ev(node: Typed): Value {
    switch (node.kind) {
      case 'literal':
        return node.type === 'number' ? new Num(node.value as string) : node.value;
      case 'field':
        return this.field(node.ref, node.prior);
      case 'user':
        return fromApi(this.context.user?.[node.property] ?? null, node.type, 'value');
      case 'call':
        return this.call(node);
    }
  }

  private field(ref: FieldRef, prior: boolean): Value {
    let base: Readonly<Record<string, unknown>> | null | undefined = prior ? this.context.prior : this.record;
    for (const step of ref.via) {
      if (base === null || base === undefined) return null;
      const next: unknown = base[step.field];
      if (typeof next === 'string') throw new UnloadedLookupError(`The lookup ${step.object}.${step.field} is an id: the evaluator needs its record`);
      base = next as Readonly<Record<string, unknown>> | null | undefined;
    }
    if (base === null || base === undefined) return null;
    return fromApi(base[ref.field] ?? null, ref.type, ref.read);
  }

  private call(node: Extract<Typed, { kind: 'call' }>): Value {
    const a = node.args;
    const ev = (i: number) => this.ev(a[i]);
    switch (node.fn) {
      case 'neg': {
        const x = ev(0) as Num | null;
        return x === null ? null : x.neg();
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        const x = ev(0) as Num | null;
        const y = ev(1) as Num | null;
        if (x === null || y === null) return null;
        return node.fn === 'add' ? x.plus(y) : node.fn === 'sub' ? x.minus(y) : node.fn === 'mul' ? x.times(y) : divide(x, y);
      }
      case 'addDays':
        return addDays(ev(0) as number | null, ev(1) as Num | null, node.type);
      case 'diffDays': {
        const start = ev(0) as number | null;
        const end = ev(1) as number | null;
        if (start === null || end === null) return null;
        return node.operand === 'date' ? new Num(end - start) : divide(new Num(end - start), new Num(DAY_MS));
      }
      case 'addMonths':
        return addMonths(ev(0) as number | null, ev(1) as Num | null, node.type);
      case 'dateDiff':
        return dateDiff(ev(0) as number | null, ev(1) as number | null, node.unit!, node.operand!);
      case 'concat':
        return a.map((arg) => this.text(this.ev(arg), arg.type) ?? '').join('');
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const x = ev(0);
        const y = ev(1);
        if (x === null || y === null) return null;
        const c = compare(x, y, node.operand!);
        return node.fn === 'eq' ? c === 0 : node.fn === 'ne' ? c !== 0 : node.fn === 'lt' ? c < 0 : node.fn === 'le' ? c <= 0 : node.fn === 'gt' ? c > 0 : c >= 0;
      }
      case 'if':
        return ev(0) === true ? ev(1) : a.length > 2 ? ev(2) : null;
      case 'case': {
        const value = ev(0);
        let i = 1;
        for (; i + 1 < a.length; i += 2) {
          if (value === null) continue;
          const match = ev(i);
          if (match !== null && compare(value, match, node.operand!) === 0) return ev(i + 1);
        }
        return i < a.length ? ev(i) : null;
      }
      case 'and':
      case 'or': {
        // Three-valued: AND stops at FALSE, OR at TRUE; otherwise a NULL operand makes the result NULL.
        const decisive = node.fn === 'or';
        let unknown = false;
        for (let i = 0; i < a.length; i++) {
          const v = ev(i);
          if (v === decisive) return decisive;
          if (v === null) unknown = true;
        }
        return unknown ? null : !decisive;
      }
      case 'not': {
        const v = ev(0);
        return v === null ? null : !v;
      }
      case 'isBlank':
        return isBlank(ev(0));
      case 'blankValue': {
        const v = ev(0);
        return isBlank(v) ? ev(1) : v;
      }
      case 'today':
        return localDay(this.context.now.getTime(), this.timeZone());
      case 'now':
        return Math.floor(this.context.now.getTime());
      case 'text':
        return this.text(ev(0), node.operand!);
      case 'value': {
        const t = ev(0) as string | null;
        return t === null ? null : parseNumberText(t);
      }
      case 'round': {
        const x = ev(0) as Num | null;
        return x === null ? null : round(x, node.digits!);
      }
      case 'abs': {
        const x = ev(0) as Num | null;
        return x === null ? null : x.abs();
      }
      case 'len': {
        const t = ev(0) as string | null;
        return t === null ? null : new Num([...t].length);
      }
      case 'contains':
      case 'begins': {
        const t = ev(0) as string | null;
        const s = ev(1) as string | null;
        if (t === null || s === null) return null;
        return node.fn === 'contains' ? t.includes(s) : t.startsWith(s);
      }
      case 'regex': {
        const t = ev(0) as string | null;
        if (t === null) return null;
        let re = regexes.get(node.pattern!.js);
        if (!re) {
          // s: `.` matches newlines as in PostgreSQL; u: code points, as PostgreSQL's characters.
          re = new RegExp(node.pattern!.js, 'su');
          regexes.set(node.pattern!.js, re);
        }
        return re.test(t);
      }
      case 'distance': {
        const p = ev(0) as Geo | null;
        const q = ev(1) as Geo | null;
        return p === null || q === null ? null : distanceMetres(p, q);
      }
      case 'isChanged': {
        if (!this.context.prior) return false;
        const now = ev(0);
        const before = ev(1);
        if (now === null || before === null) return now !== before;
        return compare(now, before, node.operand!) !== 0;
      }
    }
  }

  private timeZone(): string {
    return this.context.timeZone ?? 'UTC';
  }

  /** TEXT: the one text of a value of each type (also what `&` joins). */
  private text(value: Value, type: ExprType): string | null {
    if (value === null) return null;
    switch (type) {
      case 'number':
        return numberToText(value as Num);
      case 'date':
        return dateText(value as number);
      case 'datetime':
        return localText(value as number, this.timeZone());
      case 'boolean':
        return value ? 'true' : 'false';
      default:
        return value as string;
    }
  }
}

/** A record's (or $User's) value in the evaluator's form. */
function fromApi(raw: unknown, type: ExprType, read: FieldRef['read']): Value {
  if (raw === null || raw === undefined) return null;
  if (read === 'id') return typeof raw === 'object' ? (((raw as { id?: unknown }).id ?? null) as string | null) : String(raw);
  switch (type) {
    case 'number': {
      // A currency's value is {amount, currency}: expressions read its amount.
      const amount = typeof raw === 'object' && raw !== null && 'amount' in raw ? (raw as { amount: unknown }).amount : raw;
      return toNum(amount);
    }
    case 'date':
      return parseDate(raw);
    case 'datetime':
      return parseDateTime(raw);
    case 'geo': {
      const { lat, lng } = raw as { lat?: unknown; lng?: unknown };
      return lat === null || lat === undefined || lng === null || lng === undefined ? null : { lat: Number(lat), lng: Number(lng) };
    }
    case 'boolean':
      return Boolean(raw);
    default:
      return String(raw);
  }
}

function isBlank(v: Value): boolean {
  return v === null || v === '';
}

/** Order of two non-null values of one type: numbers by value, texts by code point (PostgreSQL's "C" collation). */
export function compare(x: Value, y: Value, type: ExprType): number {
  switch (type) {
    case 'number':
      return (x as Num).cmp(y as Num);
    case 'text':
      return compareCodePoints(x as string, y as string);
    case 'boolean':
      return x === y ? 0 : x ? 1 : -1;
    case 'geo': {
      const p = x as Geo;
      const q = y as Geo;
      return p.lat === q.lat && p.lng === q.lng ? 0 : 1;
    }
    default:
      return (x as number) - (y as number);
  }
}

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function addDays(start: number | null, n: Num | null, type: ExprType): number | null {
  if (start === null || n === null) return null;
  if (type === 'date') {
    const k = wholeOf(n);
    if (k.abs().gt(MAX_DAYS_MOVED)) return null;
    const day = start + k.toNumber();
    return day < MIN_DAY || day > MAX_DAY ? null : day;
  }
  const ms = wholeOf(n.times(DAY_MS));
  if (ms.abs().gt(MAX_DAYS_MOVED * DAY_MS)) return null;
  const at = start + ms.toNumber();
  return at < MIN_MS || at > MAX_MS ? null : at;
}

function addMonths(start: number | null, n: Num | null, type: ExprType): number | null {
  if (start === null || n === null) return null;
  const k = wholeOf(n);
  if (k.abs().gt(MAX_MONTHS_MOVED)) return null;
  if (type === 'date') return addMonthsToDay(start, k.toNumber());
  const day = Math.floor(start / DAY_MS);
  const moved = addMonthsToDay(day, k.toNumber());
  return moved === null ? null : moved * DAY_MS + (start - day * DAY_MS);
}

function dateDiff(start: number | null, end: number | null, unit: DateUnit, type: ExprType): Num | null {
  if (start === null || end === null) return null;
  if (unit === 'month' || unit === 'year') {
    const part = (v: number) => (type === 'date' ? { day: v, t: 0 } : { day: Math.floor(v / DAY_MS), t: v - Math.floor(v / DAY_MS) * DAY_MS });
    const months = monthsBetween(part(start), part(end));
    return new Num(unit === 'year' ? Math.trunc(months / 12) : months);
  }
  if (type === 'date') return new Num(Math.trunc((end - start) / (unit === 'week' ? 7 : 1)));
  return new Num(Math.trunc((end - start) / UNIT_MS[unit]!));
}
