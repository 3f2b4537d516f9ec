import { countryName, formatComposite } from '../../ui/composite-kinds.ts';
import type { FieldMeta } from '../../api/metadata.ts';
import { formatDuration, formatTime } from '../../ui/field-kinds.ts';

/**
 * Record history as the record reads: each audited value (an API value: option values, ids, currency
 * objects, ISO dates) turned into the text the user knows, in the UI language and the user's time
 * zone. Pure functions, tested in studio/test/components/history-format.test.tsx.
 */

/** Names resolved for the ids a history holds: records by `<object>:<id>`, users by id. */
export interface HistoryNames {
  records: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

export interface HistoryFormat {
  language: string;
  /** An IANA time zone; the browser's when absent. */
  timeZone?: string;
  words: { yes: string; no: string; empty: string; hiddenRecord: string; unknownUser: string };
  names: HistoryNames;
}

/** The field an audited change names: the object's field, or `owner` (a system field, a user). */
export type HistoryField = Pick<FieldMeta, 'name' | 'type' | 'label' | 'options' | 'target' | 'currencyCode'>;

const TEXT_LIMIT = 160;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const clip = (text: string) => (text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text);

/** The words of an HTML value (rich text), without markup; an inert document never runs or loads anything. */
export function htmlText(html: string): string {
  if (typeof DOMParser === 'undefined') return html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of doc.body.querySelectorAll('script, style, template, noscript')) el.remove();
  const words: string[] = [];
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) words.push(node.nodeValue ?? '');
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

/** A `YYYY-MM-DD` date in the user's language (a calendar date: no time zone moves it). */
export function formatDate(value: string, language: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** An instant in the user's language and time zone. */
export function formatDateTime(value: string, language: string, timeZone?: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
}

/** An amount with its currency (ISO 4217), as the user's locale writes money. */
export function formatMoney(amount: number, currency: string | null | undefined, language: string): string {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency: currency || 'USD' }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(language).format(amount)} ${currency ?? ''}`.trim();
  }
}

const optionLabel = (field: HistoryField, value: unknown) => field.options?.find((o) => o.value === value)?.label ?? String(value);

/** One audited value as text. Ids become names (resolved beforehand), never shown raw. */
export function historyValue(field: HistoryField, value: unknown, f: HistoryFormat): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return f.words.empty;
  switch (field.type) {
    case 'boolean': return value ? f.words.yes : f.words.no;
    case 'select': return optionLabel(field, value);
    case 'multiSelect': return (Array.isArray(value) ? value : [value]).map((v) => optionLabel(field, v)).join(', ');
    case 'currency': {
      const money = value as { amount?: number; currency?: string | null };
      return typeof money.amount === 'number' ? formatMoney(money.amount, money.currency ?? field.currencyCode, f.language) : f.words.empty;
    }
    case 'number': case 'integer': return new Intl.NumberFormat(f.language).format(Number(value));
    case 'percent': return new Intl.NumberFormat(f.language, { style: 'percent', maximumFractionDigits: 4 }).format(Number(value) / 100);
    case 'date': return formatDate(String(value), f.language);
    case 'dateTime': return formatDateTime(String(value), f.language, f.timeZone);
    case 'lookup': case 'masterDetail': case 'tree': return f.names.records.get(`${field.target}:${String(value)}`) ?? f.words.hiddenRecord;
    case 'user': return f.names.users.get(String(value)) ?? f.words.unknownUser;
    case 'geolocation': {
      const g = value as { lat: number; lng: number };
      const n = new Intl.NumberFormat(f.language, { maximumFractionDigits: 6 });
      return `${n.format(g.lat)}, ${n.format(g.lng)}`;
    }
    case 'richText': return clip(htmlText(String(value)));
    case 'markdown': return clip(String(value));
    case 'duration': return formatDuration(Number(value), f.language);
    case 'time': return formatTime(String(value));
    case 'rating': return '★'.repeat(Number(value));
    case 'tags': case 'emails': case 'phones': case 'links': return clip((Array.isArray(value) ? value : [value]).join(', '));
    case 'json': return clip(JSON.stringify(value));
    case 'address': case 'fullName': case 'dateRange': case 'locationAddress': return clip(formatComposite(field.type, value as Record<string, string>, f.language));
    case 'country': return countryName(String(value), f.language);
    default:
      // A field deleted since (no metadata): still no raw ids or objects.
      if (typeof value === 'string' && UUID.test(value) && !field.type) return f.words.hiddenRecord;
      return clip(typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}

/** The ids a history's changes hold that need a name: records per target object, and users. */
export function referencedIds(changes: Iterable<{ field: string; before: unknown; after: unknown }>, fieldOf: (name: string) => HistoryField | undefined) {
  const records = new Map<string, Set<string>>();
  const users = new Set<string>();
  for (const c of changes) {
    const field = fieldOf(c.field);
    if (!field) continue;
    for (const v of [c.before, c.after]) {
      if (typeof v !== 'string' || !UUID.test(v)) continue;
      if (field.type === 'user') users.add(v);
      else if ((field.type === 'lookup' || field.type === 'masterDetail' || field.type === 'tree') && field.target) {
        const set = records.get(field.target) ?? new Set<string>();
        set.add(v);
        records.set(field.target, set);
      }
    }
  }
  return { records, users };
}
