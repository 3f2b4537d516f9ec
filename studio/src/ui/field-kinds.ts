import type { FieldMeta } from '../api/metadata.ts';

/**
 * Values of the field types that read differently from how the data API holds them: durations
 * (seconds in the API, `1h 30m` to people), times of day, ratings and lists of text.
 */

/** Types whose value is a list of text (tags, e-mail addresses, phone numbers, links). */
export const TEXT_LISTS = new Set(['tags', 'emails', 'phones', 'links']);

/** A rating field's highest rating (its definition's `max`, default 5). */
export const ratingMax = (field: Pick<FieldMeta, 'definition'>): number => Number((field.definition as { max?: number } | undefined)?.max ?? 5);

const UNITS: [number, RegExp][] = [
  [86_400, /^(d|days?|天)$/i],
  [3_600, /^(h|hrs?|hours?|小时|时)$/i],
  [60, /^(m|mins?|minutes?|分钟|分)$/i],
  [1, /^(s|secs?|seconds?|秒)$/i],
];
const NUM = '(\\d+(?:\\.\\d+)?)';
const ISO = new RegExp(`^P(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`, 'i');
const CLOCK = /^(\d+):([0-5]?\d)(?::([0-5]?\d(?:\.\d+)?))?$/;

/**
 * Seconds from what a person types: `5400` (seconds), `1h 30m`, `1.5h`, `1小时30分`, `1:30` or
 * `1:30:00` (hours, minutes, seconds), or ISO 8601 `PT1H30M`. Undefined when it is none of these.
 */
export function parseDuration(input: string): number | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const iso = ISO.exec(text);
  if (iso && text.length > 2 && !/T$/i.test(text)) {
    const [w, d, h, m, s] = iso.slice(1).map((x) => Number(x ?? 0));
    return round(w * 604_800 + d * 86_400 + h * 3_600 + m * 60 + s);
  }
  const clock = CLOCK.exec(text);
  if (clock) return round(Number(clock[1]) * 3_600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0));
  let total = 0;
  let rest = text;
  const part = /^\s*(\d+(?:\.\d+)?)\s*([a-z\u4e00-\u9fff]+)\s*/i;
  while (rest.length) {
    const m = part.exec(rest);
    const unit = m && UNITS.find(([, re]) => re.test(m[2]));
    if (!m || !unit) return undefined;
    total += Number(m[1]) * unit[0];
    rest = rest.slice(m[0].length);
  }
  return round(total);
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** `5430` → `1h 30m 30s` (`1小时30分30秒` in Chinese): whole days, hours, minutes and the seconds left. */
export function formatDuration(seconds: number, language: string): string {
  const zh = language.startsWith('zh');
  const words = zh ? ['天', '小时', '分', '秒'] : ['d', 'h', 'm', 's'];
  let rest = Math.abs(seconds);
  const parts: string[] = [];
  [86_400, 3_600, 60].forEach((size, i) => {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${words[i]}`);
    rest -= n * size;
  });
  rest = round(rest);
  if (rest > 0 || parts.length === 0) parts.push(`${new Intl.NumberFormat(language, { maximumFractionDigits: 3 }).format(rest)}${words[3]}`);
  return parts.join(zh ? '' : ' ');
}

/** `09:30:00` → `09:30`; seconds are shown only when there are some. */
export const formatTime = (value: string): string => (/^\d\d:\d\d:00$/.test(value) ? value.slice(0, 5) : value);

/** `#abcdef` → `#ABCDEF` when it is a colour, else the text as typed (for the schema to refuse). */
export const normalizeColor = (text: string): string => (/^#[0-9a-f]{6}$/i.test(text.trim()) ? text.trim().toUpperCase() : text);
