import { PlatformError } from '../errors/index.ts';
import type { BusinessCalendar } from './calendar.ts';
import { localTime, nextDate, weekdayOf, zonedInstant } from './zone.ts';

/** Days looked at before concluding a calendar has no working time (a year of holidays is absurd, ten is broken). */
const HORIZON_DAYS = 3660;

/** A local date's working spans: none on a holiday, the make-up hours on a make-up day (调休), else its weekday's. */
export function spansOn(calendar: BusinessCalendar, date: string): [number, number][] {
  if (calendar.isHoliday(date)) return [];
  if (calendar.isMakeUpDay(date)) return calendar.makeUp;
  return calendar.week[weekdayOf(date)];
}

/** The working spans from `from` on, as instants, day by day in the calendar's zone (the first clipped at `from`). */
function* workingSpans(calendar: BusinessCalendar, from: Date): Generator<[Date, Date]> {
  let date = localTime(from, calendar.timeZone).date;
  for (let i = 0; i < HORIZON_DAYS; i++, date = nextDate(date)) {
    for (const [a, b] of spansOn(calendar, date)) {
      const start = zonedInstant(date, a, calendar.timeZone);
      const end = zonedInstant(date, b, calendar.timeZone);
      if (end.getTime() <= from.getTime()) continue;
      yield [start.getTime() < from.getTime() ? from : start, end];
    }
  }
  throw new PlatformError('BAD_USER_INPUT', `The business calendar ${calendar.name} has no working time in the ten years after ${from.toISOString()}`, { details: [{ pointer: '/hours', message: 'no working time' }] });
}

/** Whether `at` is inside working hours. */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  const local = localTime(at, calendar.timeZone);
  return spansOn(calendar, local.date).some(([a, b]) => local.minutes >= a && local.minutes < b);
}

/** `at` when it is working time, else the start of the next working span. */
export function nextWorkingStart(calendar: BusinessCalendar, at: Date): Date {
  for (const [start] of workingSpans(calendar, at)) return start;
  throw new Error('unreachable');
}

/**
 * The instant `durationMs` of working time after `from`: time outside working hours (nights,
 * weekends, holidays) does not count, a make-up Saturday does. A zero duration is the next working
 * instant. A duration ending exactly at a span's end is that end (18:00, not the next 09:00).
 */
export function addBusinessTime(calendar: BusinessCalendar, from: Date, durationMs: number): Date {
  if (!(durationMs >= 0)) throw new PlatformError('BAD_USER_INPUT', 'A business duration is zero or more', { details: [{ pointer: '/duration', message: 'negative' }] });
  let left = durationMs;
  for (const [start, end] of workingSpans(calendar, from)) {
    const span = end.getTime() - start.getTime();
    if (left <= span) return new Date(start.getTime() + left);
    left -= span;
  }
  throw new Error('unreachable');
}

/** The working time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  let total = 0;
  for (const [start, end] of workingSpans(calendar, from)) {
    if (start.getTime() >= to.getTime()) return total;
    total += Math.min(end.getTime(), to.getTime()) - start.getTime();
  }
  return total;
}
