import { PlatformError } from '../errors/index.ts';

export type Grain = 'month' | 'quarter' | 'year';

/** A calendar period (UTC): its label (`2025-03`, `2025-Q1`, `2025`), grain and [start, end). */
export interface Period {
  label: string;
  grain: Grain;
  start: Date;
  end: Date;
}

const MONTHS: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

/** The period `months` grains after `p` (negative: before). */
export function shift(p: Period, by: number): Period {
  const start = new Date(Date.UTC(p.start.getUTCFullYear(), p.start.getUTCMonth() + by * MONTHS[p.grain], 1));
  return periodAt(p.grain, start);
}

/** The period of `grain` holding `at`. */
export function periodAt(grain: Grain, at: Date): Period {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const first = grain === 'year' ? 0 : grain === 'quarter' ? m - (m % 3) : m;
  const start = new Date(Date.UTC(y, first, 1));
  const end = new Date(Date.UTC(y, first + MONTHS[grain], 1));
  const label = grain === 'year' ? String(y) : grain === 'quarter' ? `${y}-Q${first / 3 + 1}` : `${y}-${String(first + 1).padStart(2, '0')}`;
  return { label, grain, start, end };
}

/**
 * `2025-03` (a month), `2025-Q1` (a quarter), `2025` (a year), or `month` / `quarter` / `year`:
 * the one holding `now` (the platform clock). Anything else is BAD_USER_INPUT at `/period`.
 */
export function parsePeriod(text: string, now: Date): Period {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'month' || lower === 'quarter' || lower === 'year') return periodAt(lower, now);
  let m = /^(\d{4})$/.exec(t);
  if (m) return periodAt('year', new Date(Date.UTC(Number(m[1]), 0, 1)));
  m = /^(\d{4})-Q([1-4])$/i.exec(t);
  if (m) return periodAt('quarter', new Date(Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1)));
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  if (m) return periodAt('month', new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
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
