import type { DefinitionProblem } from '../field-type.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';

/**
 * An auto-number's format, e.g. `INV-{YYYY}-{00000}`: literal text, date tokens ({YYYY} {YY} {MM}
 * {DD}: the date of the create in the tenant's time zone) and exactly one counter ({0…0}: the
 * number, zero-padded to at least that many digits; it grows past them rather than wrap).
 *
 * The counter restarts with each period the date tokens name: per day with {DD}, per month with
 * {MM}, per year with {YYYY} or {YY}, never without any. So that a restarted counter cannot
 * produce a number an earlier period produced, a format naming a month must name the year, and one
 * naming a day the month too (`{MM}-{000}` would repeat itself every year).
 */
export type DateToken = 'YYYY' | 'YY' | 'MM' | 'DD';
export type FormatPart = { kind: 'text'; text: string } | { kind: 'date'; token: DateToken } | { kind: 'counter'; width: number };
export type Period = 'none' | 'year' | 'month' | 'day';

export interface ParsedFormat {
  parts: FormatPart[];
  period: Period;
}

const DATE_TOKENS = new Set<string>(['YYYY', 'YY', 'MM', 'DD']);
/** Digits of the counter token: more than 18 would not fit a bigint's values anyway. */
const MAX_WIDTH = 18;

/** The format's parts and period, or the problems found in it (pointer `/format`, with the position). */
export function parseFormat(format: string): { parsed?: ParsedFormat; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const problem = (message: string, position: number) => problems.push({ pointer: '/format', message, position });
  const parts: FormatPart[] = [];
  let text = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === '}') {
      problem(`"}" at position ${i} closes no token (a format's braces hold {YYYY}, {YY}, {MM}, {DD} or {000…})`, i);
      i++;
      continue;
    }
    if (c !== '{') {
      text += c;
      i++;
      continue;
    }
    const end = format.indexOf('}', i);
    if (end < 0) {
      problem(`"{" at position ${i} is never closed`, i);
      break;
    }
    const token = format.slice(i + 1, end);
    if (text) parts.push({ kind: 'text', text });
    text = '';
    if (DATE_TOKENS.has(token)) parts.push({ kind: 'date', token: token as DateToken });
    else if (/^0+$/.test(token)) {
      if (token.length > MAX_WIDTH) problem(`the counter {${token}} has ${token.length} digits; at most ${MAX_WIDTH}`, i);
      parts.push({ kind: 'counter', width: token.length });
    } else problem(`{${token}} at position ${i} is not a token: use {YYYY}, {YY}, {MM}, {DD} or a counter such as {00000}`, i);
    i = end + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  const counters = parts.filter((p) => p.kind === 'counter').length;
  if (counters === 0) problem('has no counter: add one such as {00000}', format.length);
  if (counters > 1) problem(`has ${counters} counters; a format has exactly one`, format.indexOf('{0'));
  const has = (token: DateToken) => parts.some((p) => p.kind === 'date' && p.token === token);
  const year = has('YYYY') || has('YY');
  if (has('MM') && !year) problem('{MM} needs {YYYY} or {YY} too: the monthly counter would repeat its numbers every year', format.indexOf('{MM}'));
  if (has('DD') && !has('MM')) problem('{DD} needs {MM} (and the year) too: the daily counter would repeat its numbers every month', format.indexOf('{DD}'));
  if (problems.length) return { problems };
  const period: Period = has('DD') ? 'day' : has('MM') ? 'month' : year ? 'year' : 'none';
  return { parsed: { parts, period }, problems };
}

/** The date of an instant in a time zone, as the tokens print it. */
export interface DateParts { YYYY: string; MM: string; DD: string }

export function datePartsAt(instant: Date, timeZone: string): DateParts {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant).map((p) => [p.type, p.value]));
  return { YYYY: String(parts.year).padStart(4, '0'), MM: parts.month, DD: parts.day };
}

/** The counter's key within the field: the period's date (`2026`, `2026-05`, `2026-05-07`), or '' when it never restarts. */
export function periodKey(period: Period, date: DateParts): string {
  switch (period) {
    case 'none': return '';
    case 'year': return date.YYYY;
    case 'month': return `${date.YYYY}-${date.MM}`;
    case 'day': return `${date.YYYY}-${date.MM}-${date.DD}`;
  }
}

/** One number as the format writes it. */
export function render(parsed: ParsedFormat, n: number, date: DateParts): string {
  return parsed.parts.map((p) => {
    if (p.kind === 'text') return p.text;
    if (p.kind === 'counter') return String(n).padStart(p.width, '0');
    return p.token === 'YY' ? date.YYYY.slice(-2) : date[p.token];
  }).join('');
}

const TO_CHAR: Record<DateToken, string> = { YYYY: 'YYYY', YY: 'YY', MM: 'MM', DD: 'DD' };
const PERIOD_CHAR: Record<Period, string | undefined> = { none: undefined, year: 'YYYY', month: 'YYYY-MM', day: 'YYYY-MM-DD' };

/** periodKey in SQL, over a local (time-zone-less) timestamp expression. */
export function periodSql(period: Period, local: string): string {
  const pattern = PERIOD_CHAR[period];
  return pattern ? `to_char(${local}, '${pattern}')` : `''`;
}

/** render in SQL: `n` a bigint expression, `local` a local timestamp (the same text as render's for the same date). */
export function renderSql(parsed: ParsedFormat, n: string, local: string): string {
  const pieces = parsed.parts.map((p) => {
    if (p.kind === 'text') return quoteLiteral(p.text);
    if (p.kind === 'counter') return `lpad(${n}::text, greatest(${p.width}, length(${n}::text)), '0')`;
    return `to_char(${local}, '${TO_CHAR[p.token]}')`;
  });
  return `concat(${pieces.join(', ')})`;
}
