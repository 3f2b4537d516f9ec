/**
 * Dates and date/times as the JavaScript back end holds them: a date is its day number (days since
 * 1970-01-01), a date/time its milliseconds since the epoch (expressions see date/times at the
 * millisecond; SQL truncates stored microseconds alike). Both stay within the years 0001–9999: a
 * computation that leaves them gives NULL, in SQL too.
 */
export const DAY_MS = 86_400_000;
export const MIN_DAY = dayOf(1, 1, 1);
export const MAX_DAY = dayOf(9999, 12, 31);
export const MIN_MS = MIN_DAY * DAY_MS;
export const MAX_MS = (MAX_DAY + 1) * DAY_MS - 1;

/** Days since 1970-01-01 of a calendar day (proleptic Gregorian, years 1–9999). */
export function dayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civilOf(dayNumber: number): Civil {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return civilOf(dayOf(year, month + 1, 1) - 1).day;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function dateText(dayNumber: number): string {
  const c = civilOf(dayNumber);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** `YYYY-MM-DD` → day number; anything else is refused (a record value the field type let through). */
export function parseDate(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Math.floor(value.getTime() / DAY_MS);
  if (typeof value !== 'string') throw new TypeError(`Not a date: ${JSON.stringify(value)}`);
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) throw new TypeError(`Not a date: ${JSON.stringify(value)}`);
  return dayOf(y, m, d);
}

/** An ISO 8601 text, a Date or epoch milliseconds → epoch milliseconds (whole). */
export function parseDateTime(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`Not a date/time: ${JSON.stringify(value)}`);
  return Math.floor(ms);
}

export function dateTimeText(ms: number): string {
  return new Date(ms).toISOString();
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of an instant in a time zone (IANA name), to the second. */
export function wallClock(ms: number, timeZone: string): Civil & { hour: number; minute: number; second: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Whether a time zone name is one the platform knows (an IANA name, as PostgreSQL's). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in a time zone: TEXT of a date/time. */
export function localText(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)} ${pad(w.hour, 2)}:${pad(w.minute, 2)}:${pad(w.second, 2)}`;
}

/** The day in a time zone at an instant: TODAY(). */
export function localDay(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return dayOf(w.year, w.month, w.day);
}

/**
 * The same day `months` later (the last day of a shorter month), keeping the time of day; null
 * outside the years 0001–9999. Date/times are moved in UTC.
 */
export function addMonthsToDay(dayNumber: number, months: number): number | null {
  const c = civilOf(dayNumber);
  const index = c.year * 12 + (c.month - 1) + months;
  if (index < 12 || index > 9999 * 12 + 11) return null;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return dayOf(year, month, Math.min(c.day, daysInMonth(year, month)));
}

/**
 * Whole calendar months from a to b (negative when b is earlier): the most months m such that a
 * moved by m months (addMonthsToDay's rule) has not passed b. `t` is the time of day in ms (0 for dates).
 */
export function monthsBetween(a: { day: number; t: number }, b: { day: number; t: number }): number {
  if (a.day > b.day || (a.day === b.day && a.t > b.t)) return -monthsBetween(b, a);
  const ca = civilOf(a.day);
  const cb = civilOf(b.day);
  const m = cb.year * 12 + cb.month - (ca.year * 12 + ca.month);
  const landed = Math.min(ca.day, daysInMonth(cb.year, cb.month));
  return landed > cb.day || (landed === cb.day && a.t > b.t) ? m - 1 : m;
}
