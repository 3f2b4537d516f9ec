import { PlatformError } from '../errors/index.ts';
import { localTime, zonedInstant } from '../calendars/zone.ts';

export type Grain = 'month' | 'quarter' | 'year';

/**
 * A calendar period in the tenant's time zone: its label (`2025-03`, `2025-Q1`, `2025`), grain,
 * first local day (`YYYY-MM-01`) and [start, end) as instants (local midnights).
 */
export interface Period {
  label: string;
  grain: Grain;
  /** The local date it starts on (`2025-04-01`), as `date_trunc` in the zone gives it. */
  day: string;
  /** The local date the next period starts on. */
  nextDay: string;
  start: Date;
  end: Date;
  timeZone: string;
}

const MONTHS: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

const ymd = (y: number, m0: number) => new Date(Date.UTC(y, m0, 1)).toISOString().slice(0, 10);

/** The period of `grain` starting in local year `y`, month `m0` (0-based; normalised past 11 or below 0). */
function periodOf(grain: Grain, y: number, m0: number, timeZone: string): Period {
  const first = new Date(Date.UTC(y, m0, 1));
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth();
  const start = grain === 'year' ? 0 : grain === 'quarter' ? month - (month % 3) : month;
  const day = ymd(year, start);
  const nextDay = ymd(year, start + MONTHS[grain]);
  const label = grain === 'year' ? String(year) : grain === 'quarter' ? `${year}-Q${start / 3 + 1}` : `${year}-${String(start + 1).padStart(2, '0')}`;
  return { label, grain, day, nextDay, start: zonedInstant(day, 0, timeZone), end: zonedInstant(nextDay, 0, timeZone), timeZone };
}

/** The period `by` grains after `p` (negative: before). */
export function shift(p: Period, by: number): Period {
  const [y, m] = p.day.split('-').map(Number);
  return periodOf(p.grain, y, m - 1 + by * MONTHS[p.grain], p.timeZone);
}

/** The period of `grain` holding the instant `at`, by the zone's calendar. */
export function periodAt(grain: Grain, at: Date, timeZone = 'UTC'): Period {
  const [y, m] = localTime(at, timeZone).date.split('-').map(Number);
  return periodOf(grain, y, m - 1, timeZone);
}

/**
 * `2025-03` (a month), `2025-Q1` (a quarter), `2025` (a year), or `month` / `quarter` / `year`:
 * the one holding `now` (the platform clock), in the tenant's zone. Anything else is BAD_USER_INPUT at `/period`.
 */
export function parsePeriod(text: string, now: Date, timeZone = 'UTC'): Period {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'month' || lower === 'quarter' || lower === 'year') return periodAt(lower, now, timeZone);
  let m = /^(\d{4})$/.exec(t);
  if (m) return periodOf('year', Number(m[1]), 0, timeZone);
  m = /^(\d{4})-Q([1-4])$/i.exec(t);
  if (m) return periodOf('quarter', Number(m[1]), (Number(m[2]) - 1) * 3, timeZone);
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  if (m) return periodOf('month', Number(m[1]), Number(m[2]) - 1, timeZone);
  throw new PlatformError('BAD_USER_INPUT', `Not a period: ${JSON.stringify(text)} (2025-03, 2025-Q1, 2025, month, quarter or year)`, { details: [{ pointer: '/period', message: 'not a period' }] });
}

/**
 * Ordinary least squares of y over x = 0, 1, … (the points in order): slope and intercept, and the
 * value at `at`. One point: that value, flat; none: null.
 */
export function leastSquares(ys: number[], at: number): { slope: number; intercept: number; value: number } | null {
  const n = ys.length;
  if (n === 0) return null;
  if (n === 1) return { slope: 0, intercept: ys[0], value: ys[0] };
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; });
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  return { slope, intercept, value: intercept + slope * at };
}
