import type { Syntax } from './ast.ts';
import { article, type FunctionCall, type FunctionSpec } from './function-spec.ts';
import { ProblemAt } from './problems.ts';
import { compilePattern, PatternError } from './regex.ts';
import type { DateUnit, ExprType, Fn, Typed } from './typed.ts';

/**
 * The language's functions: each with its signature and its typing rule. The back ends implement
 * the typed operations (`Fn`) these produce; a function is only sugar over them when it can be.
 * Names are case-insensitive (`if` is IF).
 */
const TEMPORAL: readonly ExprType[] = ['date', 'datetime'];
const SCALAR: readonly ExprType[] = ['number', 'text', 'boolean', 'date', 'datetime'];
const ROUND_DIGITS = 20;

/** The units of DATEDIFF, and the types each applies to. */
export const DATE_UNITS: Readonly<Record<DateUnit, readonly ExprType[]>> = {
  year: TEMPORAL, month: TEMPORAL, week: TEMPORAL, day: TEMPORAL, hour: ['datetime'], minute: ['datetime'], second: ['datetime'],
};

const unwrap = (node: Syntax): Syntax => (node.kind === 'group' ? unwrap(node.inner) : node);

/** A text written as a literal (a unit, a pattern), or a problem saying so. */
function textLiteral(node: Syntax, what: string): string {
  const n = unwrap(node);
  if (n.kind !== 'text') throw new ProblemAt('literalRequired', `${what} must be written as a text in quotes`, node.span);
  return n.value;
}

/** An integer written as a literal (`2`, `-1`), or a problem saying so. */
function integerLiteral(node: Syntax, what: string): number {
  const n = unwrap(node);
  const inner = n.kind === 'negate' ? unwrap(n.arg) : n;
  if (inner.kind !== 'number' || inner.text.includes('.')) throw new ProblemAt('literalRequired', `${what} must be written as a whole number`, node.span);
  const value = Number(inner.text) * (n.kind === 'negate' ? -1 : 1);
  return value;
}

function call(c: FunctionCall, fn: Fn, type: ExprType, args: Typed[], extra: Partial<Extract<Typed, { kind: 'call' }>> = {}): Typed {
  return { kind: 'call', fn, type, args, span: c.call.span, ...extra };
}

/** Infers every argument, each required to be one of the types given (by position; the last repeats). */
function args(c: FunctionCall, name: string, types: readonly (readonly ExprType[] | null)[]): Typed[] {
  return c.call.args.map((a, i) => {
    const typed = c.checker.infer(a, c.depth);
    const allowed = types[Math.min(i, types.length - 1)];
    return allowed ? c.checker.expectType(typed, allowed, `${name}'s argument ${i + 1}`) : typed;
  });
}

/** A call whose result is NULL whatever its other arguments (ADDDAYS(NULL, n)): NULL, which fits any type. */
const nullOf = (c: FunctionCall): Typed => ({ kind: 'literal', type: 'null', value: null, span: c.call.span });

const spec = (s: FunctionSpec): [string, FunctionSpec] => [s.name, s];

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map([
  spec({
    name: 'IF', signature: 'IF(condition, then, else?)', arity: [2, 3], returns: 'the type of its branches',
    description: 'then when the condition is TRUE; else (or NULL) when it is FALSE or NULL',
    check: (c) => {
      const [cond, ...branches] = args(c, 'IF', [['boolean'], null]);
      const type = c.checker.unify(branches, 'IF cannot mix');
      if (type === 'null' && branches.length === 1) return call(c, 'if', 'null', [cond, branches[0]]);
      return call(c, 'if', type, [cond, ...branches]);
    },
  }),
  spec({
    name: 'CASE', signature: 'CASE(value, match1, result1, …, default?)', arity: [3, Infinity], returns: 'the type of its results',
    description: 'the result of the first match equal to value; default (or NULL) when none is. NULL matches nothing',
    check: (c) => {
      const all = args(c, 'CASE', [null]);
      const [value, ...rest] = all;
      const pairs = Math.floor(rest.length / 2);
      const matches = Array.from({ length: pairs }, (_, i) => rest[2 * i]);
      const results = [...Array.from({ length: pairs }, (_, i) => rest[2 * i + 1]), ...(rest.length % 2 ? [rest[rest.length - 1]] : [])];
      const operand = c.checker.unify([value, ...matches], 'CASE cannot match');
      if (operand === 'geo') throw new ProblemAt('type', 'CASE cannot match geolocations', value.span);
      const type = c.checker.unify(results, 'CASE cannot mix results');
      return call(c, 'case', type, all, { operand });
    },
  }),
  spec({
    name: 'AND', signature: 'AND(condition, …)', arity: [1, Infinity], returns: 'boolean',
    description: 'TRUE when all are TRUE; FALSE when one is FALSE; else NULL (as SQL)',
    check: (c) => call(c, 'and', 'boolean', args(c, 'AND', [['boolean']])),
  }),
  spec({
    name: 'OR', signature: 'OR(condition, …)', arity: [1, Infinity], returns: 'boolean',
    description: 'TRUE when one is TRUE; FALSE when all are FALSE; else NULL (as SQL)',
    check: (c) => call(c, 'or', 'boolean', args(c, 'OR', [['boolean']])),
  }),
  spec({
    name: 'NOT', signature: 'NOT(condition)', arity: [1, 1], returns: 'boolean',
    description: 'TRUE for FALSE, FALSE for TRUE, NULL for NULL',
    check: (c) => call(c, 'not', 'boolean', args(c, 'NOT', [['boolean']])),
  }),
  spec({
    name: 'ISBLANK', signature: 'ISBLANK(value)', arity: [1, 1], returns: 'boolean',
    description: 'TRUE when the value is NULL or an empty text; never NULL',
    check: (c) => {
      const [value] = args(c, 'ISBLANK', [null]);
      return call(c, 'isBlank', 'boolean', [value], { operand: value.type });
    },
  }),
  spec({
    name: 'BLANKVALUE', signature: 'BLANKVALUE(value, fallback)', arity: [2, 2], returns: 'the type of its arguments',
    description: 'fallback when value is blank (NULL or empty text), else value',
    check: (c) => {
      const both = args(c, 'BLANKVALUE', [null]);
      const type = c.checker.unify(both, 'BLANKVALUE cannot mix');
      return call(c, 'blankValue', type, both, { operand: both[0].type });
    },
  }),
  spec({
    name: 'TODAY', signature: 'TODAY()', arity: [0, 0], returns: 'date',
    description: "the current day in the tenant's time zone, by the platform's clock",
    check: (c) => {
      c.checker.usesNow = true;
      return call(c, 'today', 'date', []);
    },
  }),
  spec({
    name: 'NOW', signature: 'NOW()', arity: [0, 0], returns: 'datetime',
    description: "the current instant, by the platform's clock (milliseconds)",
    check: (c) => {
      c.checker.usesNow = true;
      return call(c, 'now', 'datetime', []);
    },
  }),
  spec({
    name: 'DATEDIFF', signature: 'DATEDIFF(unit?, start, end)', arity: [2, 3], returns: 'number',
    description: 'whole units from start to end (negative when end is earlier). Units: "year", "month", "week", "day" (default), and for date/times "hour", "minute", "second"; months are calendar months (UTC for date/times)',
    check: (c) => {
      const given = c.call.args.length === 3 ? textLiteral(c.call.args[0], "DATEDIFF's unit").toLowerCase() : 'day';
      const unit = (given.endsWith('s') ? given.slice(0, -1) : given) as DateUnit;
      if (!Object.hasOwn(DATE_UNITS, unit)) throw new ProblemAt('invalidArgument', `Unknown unit "${given}" (use ${Object.keys(DATE_UNITS).join(', ')})`, c.call.args[0].span);
      const [start, end] = c.call.args.slice(-2).map((a) => c.checker.expectType(c.checker.infer(a, c.depth), TEMPORAL, 'DATEDIFF'));
      const operand = c.checker.unify([start, end], 'DATEDIFF cannot measure from');
      if (operand !== 'null' && !DATE_UNITS[unit].includes(operand)) throw new ProblemAt('invalidArgument', `The unit "${unit}" does not apply to ${article(operand)}`, c.call.args[0].span);
      return call(c, 'dateDiff', 'number', [start, end], { operand: operand === 'null' ? 'date' : operand, unit });
    },
  }),
  spec({
    name: 'ADDDAYS', signature: 'ADDDAYS(date, days)', arity: [2, 2], returns: 'the type of date',
    description: 'the day (or instant) days later; on a date, days is rounded to a whole number (half away from zero); on a date/time, to the millisecond',
    check: (c) => {
      const [start, days] = args(c, 'ADDDAYS', [TEMPORAL, ['number']]);
      return start.type === 'null' || days.type === 'null' ? nullOf(c) : call(c, 'addDays', start.type, [start, days]);
    },
  }),
  spec({
    name: 'ADDMONTHS', signature: 'ADDMONTHS(date, months)', arity: [2, 2], returns: 'the type of date',
    description: 'the same day months later (rounded to a whole number), or the last day of a shorter month; date/times in UTC',
    check: (c) => {
      const [start, months] = args(c, 'ADDMONTHS', [TEMPORAL, ['number']]);
      return start.type === 'null' || months.type === 'null' ? nullOf(c) : call(c, 'addMonths', start.type, [start, months]);
    },
  }),
  spec({
    name: 'TEXT', signature: 'TEXT(value)', arity: [1, 1], returns: 'text',
    description: 'the value as text: numbers without trailing zeros, dates YYYY-MM-DD, date/times YYYY-MM-DD HH:MM:SS in the tenant\'s time zone, booleans true/false',
    check: (c) => {
      const [value] = args(c, 'TEXT', [SCALAR]);
      return call(c, 'text', 'text', [value], { operand: value.type });
    },
  }),
  spec({
    name: 'VALUE', signature: 'VALUE(text)', arity: [1, 1], returns: 'number',
    description: 'the number a text holds (digits, an optional sign, point and exponent, spaces around), else NULL',
    check: (c) => call(c, 'value', 'number', args(c, 'VALUE', [['text']])),
  }),
  spec({
    name: 'ROUND', signature: 'ROUND(number, digits?)', arity: [1, 2], returns: 'number',
    description: `rounded half away from zero to digits decimals (a whole number from -${ROUND_DIGITS} to ${ROUND_DIGITS}; default 0)`,
    check: (c) => {
      const digits = c.call.args.length === 2 ? integerLiteral(c.call.args[1], "ROUND's digits") : 0;
      if (Math.abs(digits) > ROUND_DIGITS) throw new ProblemAt('invalidArgument', `ROUND rounds to between -${ROUND_DIGITS} and ${ROUND_DIGITS} digits`, c.call.args[1].span);
      const value = c.checker.expectType(c.checker.infer(c.call.args[0], c.depth), ['number'], 'ROUND');
      return call(c, 'round', 'number', [value], { digits });
    },
  }),
  spec({
    name: 'ABS', signature: 'ABS(number)', arity: [1, 1], returns: 'number',
    description: 'the number without its sign',
    check: (c) => call(c, 'abs', 'number', args(c, 'ABS', [['number']])),
  }),
  spec({
    name: 'LEN', signature: 'LEN(text)', arity: [1, 1], returns: 'number',
    description: 'the number of characters (Unicode code points: 汉字 is 2)',
    check: (c) => call(c, 'len', 'number', args(c, 'LEN', [['text']])),
  }),
  spec({
    name: 'CONTAINS', signature: 'CONTAINS(text, search)', arity: [2, 2], returns: 'boolean',
    description: 'whether search occurs in text (case-sensitive)',
    check: (c) => call(c, 'contains', 'boolean', args(c, 'CONTAINS', [['text']])),
  }),
  spec({
    name: 'BEGINS', signature: 'BEGINS(text, prefix)', arity: [2, 2], returns: 'boolean',
    description: 'whether text starts with prefix (case-sensitive)',
    check: (c) => call(c, 'begins', 'boolean', args(c, 'BEGINS', [['text']])),
  }),
  spec({
    name: 'REGEX', signature: 'REGEX(text, "pattern")', arity: [2, 2], returns: 'boolean',
    description: 'whether the pattern matches somewhere in text (anchor with ^…$); patterns: literals, . ^ $ [a-z] \\d \\w \\s ( | ) * + ? {n,m}',
    check: (c) => {
      const source = textLiteral(c.call.args[1], "REGEX's pattern");
      let pattern;
      try {
        pattern = compilePattern(source);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        const literal = unwrap(c.call.args[1]) as Extract<Syntax, { kind: 'text' }>;
        const at = literal.offsets[Math.min(error.index, literal.offsets.length - 1)];
        throw new ProblemAt('invalidArgument', `Invalid pattern: ${error.message}`, { start: at, end: at + 1 });
      }
      const [text] = args(c, 'REGEX', [['text'], ['text']]);
      return call(c, 'regex', 'boolean', [text], { pattern });
    },
  }),
  spec({
    name: 'DISTANCE', signature: 'DISTANCE(geolocation, geolocation)', arity: [2, 2], returns: 'number',
    description: 'the great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m), to the millimetre',
    check: (c) => call(c, 'distance', 'number', args(c, 'DISTANCE', [['geo']])),
  }),
  spec({
    name: 'PRIORVALUE', signature: 'PRIORVALUE(field)', arity: [1, 1], returns: 'the type of the field',
    description: 'the field\'s value before the change being saved (NULL on create); rules only',
    check: (c) => priorField(c, 'PRIORVALUE'),
  }),
  spec({
    name: 'ISCHANGED', signature: 'ISCHANGED(field)', arity: [1, 1], returns: 'boolean',
    description: 'whether the change being saved changes the field (FALSE on create); rules only',
    check: (c) => {
      const prior = priorField(c, 'ISCHANGED');
      const current: Typed = { ...(prior as Extract<Typed, { kind: 'field' }>), prior: false };
      return call(c, 'isChanged', 'boolean', [current, prior], { operand: prior.type });
    },
  }),
]);

/** PRIORVALUE and ISCHANGED take a field of the record itself, in rule contexts only. */
function priorField(c: FunctionCall, name: string): Typed {
  if (!c.checker.options.rules) throw new ProblemAt('notInRules', `${name} is only available in rules (it needs the value before the change)`, c.call.nameSpan);
  const arg = unwrap(c.call.args[0]);
  if (arg.kind !== 'path' || arg.steps.length !== 1) throw new ProblemAt('invalidArgument', `${name} takes a field of the record itself, e.g. ${name}(stage)`, c.call.args[0].span);
  return c.checker.field(arg, true);
}
