import { PlatformError } from '../errors/index.ts';

/** An ISO 8601 duration (`P1Y2M3W4DT5H6M7.5S`), each part a count of its unit. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,9})?)S)?)?$/;

/**
 * Parses an ISO 8601 duration. Refused (BAD_USER_INPUT at `pointer`): anything else, an empty
 * duration (`P`, `PT`), negative or fractional parts other than seconds.
 */
export function parseDuration(text: string, pointer: string): Duration {
  const m = PATTERN.exec(text);
  if (!m || text.endsWith('T') || m.slice(1).every((part) => part === undefined)) {
    throw new PlatformError('BAD_USER_INPUT', `"${text}" is not an ISO 8601 duration such as PT25H, P15D or P1DT2H30M`, { details: [{ pointer, message: 'expected an ISO 8601 duration (PnYnMnWnDTnHnMnS)' }] });
  }
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/**
 * `from` moved forwards by `duration`: years and months on the calendar (UTC; Jan 31 + P1M is the
 * last day of February), the rest as elapsed time.
 */
export function addDuration(from: Date, duration: Duration): Date {
  const at = new Date(from.getTime());
  if (duration.years || duration.months) {
    const day = at.getUTCDate();
    at.setUTCDate(1);
    at.setUTCMonth(at.getUTCMonth() + duration.years * 12 + duration.months);
    const last = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
    at.setUTCDate(Math.min(day, last));
  }
  const ms = ((((duration.weeks * 7 + duration.days) * 24 + duration.hours) * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  return new Date(at.getTime() + Math.round(ms));
}
