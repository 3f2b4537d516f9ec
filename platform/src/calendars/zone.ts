/**
 * Local dates and times in an IANA time zone, without a date library: Intl tells a zone's offset
 * at an instant, and a local time becomes an instant by asking twice (the offset can differ across
 * the instant it lands on: a DST change).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight (fractional: seconds and milliseconds). */
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** An instant as the zone's wall clock shows it. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const ms = at.getTime() % 1000;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday],
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + (Number(parts.second) + (ms < 0 ? ms + 1000 : ms) / 1000) / 60,
  };
}

/** The zone's offset from UTC at an instant, in minutes. */
function offsetAt(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone);
  const [y, m, d] = local.date.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d) + local.minutes * 60_000;
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant a local date and time (minutes since midnight) is in the zone. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const first = offsetAt(new Date(naive), timeZone);
  const second = offsetAt(new Date(naive - first * 60_000), timeZone);
  return new Date(naive - second * 60_000);
}

/** The next calendar date (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The weekday of a calendar date (0 = Sunday). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
