import { PlatformError } from '../errors/index.ts';
import { cnHoliday, cnMakeUpDay } from './cn-holidays.ts';
import { API_NAME_PATTERN } from '../metadata/names.ts';

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** A business calendar as documents carry it (`businessCalendars`): defaults may be left out. */
export interface BusinessCalendarItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  /** IANA time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Working hours per weekday, `HH:MM-HH:MM` spans (default Monday to Friday 09:00-12:00, 13:00-18:00). */
  hours?: Partial<Record<WeekdayKey, string[]>>;
  /** A country's public holidays and make-up days (default `CN`, mainland China; `none`: only the lists below). */
  publicHolidays?: 'CN' | 'none';
  /** Extra days off (`YYYY-MM-DD`), on top of the public holidays. */
  holidays?: { date: string; name?: string }[];
  /** Extra make-up working days (`YYYY-MM-DD`): worked with `makeUpHours`. */
  workdays?: { date: string; name?: string }[];
  /** Whose hours a make-up day (调休) has (default `mon`). */
  makeUpHours?: WeekdayKey;
}

/** A calendar resolved for arithmetic: spans in minutes since local midnight, sorted. */
export interface BusinessCalendar {
  name: string;
  timeZone: string;
  /** Index 0 = Sunday. */
  week: [number, number][][];
  makeUp: [number, number][];
  isHoliday(date: string): boolean;
  isMakeUpDay(date: string): boolean;
}

const DEFAULT_DAY = ['09:00-12:00', '13:00-18:00'];
export const DEFAULT_CALENDAR: BusinessCalendarItem = {
  name: 'default',
  timeZone: 'Asia/Shanghai',
  hours: { mon: DEFAULT_DAY, tue: DEFAULT_DAY, wed: DEFAULT_DAY, thu: DEFAULT_DAY, fri: DEFAULT_DAY },
  publicHolidays: 'CN',
};

const SPAN = '^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';
const DATE = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const day = { type: 'array', maxItems: 8, items: { type: 'string', pattern: SPAN }, description: 'Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off.' };
const dated = { type: 'array', maxItems: 1000, items: { type: 'object', required: ['date'], additionalProperties: false, properties: { date: { type: 'string', pattern: DATE }, name: { type: 'string', maxLength: 100 } } } };

/** The JSON Schema of one calendar (`tessera:businessCalendar`, published at GET /metadata/schema). */
export const businessCalendarSchema = {
  title: 'Business calendar',
  description: 'Working hours per weekday in a time zone, with public holidays and make-up working days (调休): what waits, escalations and dispatch count as business time.',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: API_NAME_PATTERN, description: 'API name; "default" is the one used when none is named.' },
    label: { $ref: 'tessera:label' },
    timeZone: { type: 'string', maxLength: 64, default: 'Asia/Shanghai', description: 'IANA time zone the hours are in.' },
    hours: { type: 'object', additionalProperties: false, properties: Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, day])) },
    publicHolidays: { enum: ['CN', 'none'], default: 'CN', description: 'CN: mainland China\'s public holidays and make-up days, from the chinese-days data package.' },
    holidays: { ...dated, description: 'Extra days off.' },
    workdays: { ...dated, description: 'Extra make-up working days.' },
    makeUpHours: { enum: [...WEEKDAY_KEYS], default: 'mon', description: 'The weekday whose hours a make-up working day has.' },
  },
} as const;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** `["09:00-12:00", …]` as sorted minute spans; overlapping or reversed spans are refused. */
export function parseSpans(spans: readonly string[] | undefined, pointer: string): [number, number][] {
  const out = (spans ?? []).map((s): [number, number] => {
    const [a, b] = s.split('-');
    return [minutesOf(a), minutesOf(b)];
  }).sort((x, y) => x[0] - y[0]);
  out.forEach(([a, b], i) => {
    if (b <= a) throw new PlatformError('VALIDATION_FAILED', `The span ${spans![i]} ends before it starts`, { details: [{ pointer, message: 'a span ends after it starts' }] });
    if (i > 0 && a < out[i - 1][1]) throw new PlatformError('VALIDATION_FAILED', 'Working spans of a day overlap', { details: [{ pointer, message: 'spans overlap' }] });
  });
  return out;
}

/** Whether `name` is an IANA time zone this process knows. */
export function isTimeZone(name: string): boolean {
  try { new Intl.DateTimeFormat('en-US', { timeZone: name }); return true; } catch { return false; }
}

/** A calendar item with its defaults, ready for arithmetic. */
export function resolveCalendar(item: BusinessCalendarItem): BusinessCalendar {
  const timeZone = item.timeZone ?? DEFAULT_CALENDAR.timeZone!;
  if (!isTimeZone(timeZone)) throw new PlatformError('VALIDATION_FAILED', `"${timeZone}" is not an IANA time zone`, { details: [{ pointer: '/timeZone', message: 'unknown time zone' }] });
  const hours = item.hours ?? DEFAULT_CALENDAR.hours!;
  const week = WEEKDAY_KEYS.map((k) => parseSpans(hours[k], `/hours/${k}`));
  const makeUp = week[WEEKDAY_KEYS.indexOf(item.makeUpHours ?? 'mon')];
  const cn = (item.publicHolidays ?? 'CN') === 'CN';
  const off = new Set((item.holidays ?? []).map((h) => h.date));
  const on = new Set((item.workdays ?? []).map((h) => h.date));
  return {
    name: item.name,
    timeZone,
    week,
    makeUp: makeUp.length ? makeUp : parseSpans(DEFAULT_DAY, '/makeUpHours'),
    isHoliday: (date) => !on.has(date) && (off.has(date) || (cn && cnHoliday(date) !== undefined)),
    isMakeUpDay: (date) => !off.has(date) && (on.has(date) || (cn && cnMakeUpDay(date) !== undefined)),
  };
}
