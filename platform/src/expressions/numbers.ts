import { Decimal } from 'decimal.js';

/**
 * Numbers are decimals, as PostgreSQL's `numeric`: `+ - *` are exact, and so the JavaScript back end
 * computes with decimal.js at a precision no expression within the limits reaches. The rest is
 * defined here once and written alike in SQL (sql.ts):
 *
 * - `a / b` is the exact quotient rounded half away from zero to DIVISION_SCALE decimals (16), and
 *   NULL when b is 0. (PostgreSQL's own `/` picks a scale from its operands' internal digits; a
 *   rule that no other engine could follow. SQL: the quotient truncated at 17 decimals by `div`,
 *   then rounded once, which is the same as rounding the exact quotient.)
 * - ROUND(x, n) rounds half away from zero, as PostgreSQL's `round(numeric, int)`.
 * - A number becomes a whole count (days, months) by that rounding too.
 * - A number's text has no exponent and no trailing zeros (`2.50` is "2.5", `-0` is "0").
 * - VALUE reads NUMBER_TEXT only (ASCII digits, a sign, a point, an exponent of at most two digits).
 */
export const DIVISION_SCALE = 16;
export const Num = Decimal.clone({ precision: 5000, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });
export type Num = Decimal;

/** What VALUE accepts, in PostgreSQL's and JavaScript's regular expressions alike (one pattern for both). */
export const NUMBER_TEXT = '^ *[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,2})? *$';
const numberText = new RegExp(NUMBER_TEXT);

export function toNum(value: unknown): Num | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return new Num(value);
  }
  if (typeof value === 'string') return new Num(value);
  throw new TypeError(`Not a number: ${JSON.stringify(value)}`);
}

export function divide(a: Num, b: Num): Num | null {
  if (b.isZero()) return null;
  return a.times(`1e${DIVISION_SCALE + 1}`).divToInt(b).times(`1e-${DIVISION_SCALE + 1}`).toDecimalPlaces(DIVISION_SCALE, Decimal.ROUND_HALF_UP);
}

/** Half away from zero to `digits` decimals (negative: tens, hundreds…). */
export function round(x: Num, digits: number): Num {
  if (digits >= 0) return x.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
  return x.times(`1e${digits}`).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(`1e${-digits}`);
}

/** The whole count a number stands for (days to add, months): rounded half away from zero. */
export const wholeOf = (x: Num): Num => x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);

export function numberToText(x: Num): string {
  return x.isZero() ? '0' : x.toFixed();
}

export function parseNumberText(text: string): Num | null {
  if (!numberText.test(text)) return null;
  return new Num(text.trim());
}
