import { COMPOSITE_PARTS } from '../../ui/composite-kinds.ts';
import type { FieldMeta } from '../../api/metadata.ts';
import { formatDuration, formatTime, normalizeColor, parseDuration, TEXT_LISTS } from '../../ui/field-kinds.ts';

/**
 * Form values are what inputs hold (strings for numbers, local date-times, JSON text); API values are
 * what the data API accepts. These convert one into the other, field type by field type.
 */
export type RawValue = unknown;

const NUMERIC = new Set(['number', 'integer', 'percent', 'sequence']);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An ISO date-time as a `datetime-local` value in the browser's time zone. */
export function toLocalDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A number typed by the user: a number when it parses, else the text (the schema then refuses it). */
export function parseNumber(text: unknown): unknown {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string' || text.trim() === '') return null;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : text;
}

/** The value an input starts with, from a record's value (null for a new record). */
export function toFormValue(field: FieldMeta, value: unknown): RawValue {
  switch (field.type) {
    case 'boolean': return value === true;
    case 'multiSelect': case 'tags': case 'emails': case 'phones': case 'links': return Array.isArray(value) ? value : [];
    case 'rating': return typeof value === 'number' ? value : null;
    // Seconds as people read them (`1h 30m`): what the duration input shows and parses back.
    case 'duration': return typeof value === 'number' ? formatDuration(value, 'en') : '';
    case 'time': return typeof value === 'string' ? formatTime(value) : '';
    case 'currency': {
      const v = value as { amount?: number; currency?: string } | null;
      return { amount: v?.amount ?? '', currency: v?.currency ?? field.currencyCode ?? '' };
    }
    case 'geolocation': {
      const v = value as { lat?: number; lng?: number } | null;
      return { lat: v?.lat ?? '', lng: v?.lng ?? '' };
    }
    case 'json': return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
    // The File as read (its name and thumbnail show); writes send its id.
    case 'file': case 'image': case 'signature': return value && typeof value === 'object' ? value : null;
    case 'dateTime': return typeof value === 'string' ? toLocalDateTime(value) : '';
    case 'address': case 'fullName': case 'dateRange': case 'locationAddress': {
      const v = (value ?? {}) as Record<string, unknown>;
      return Object.fromEntries(COMPOSITE_PARTS[field.type].map((p) => [p.name, v[p.name] === null || v[p.name] === undefined ? '' : String(v[p.name])]));
    }
    // The ids of the linked records (their names come from the record the form opened with).
    case 'manyToMany': return Array.isArray(value) ? value.map(String) : ((value as { nodes?: { id: string }[] } | null)?.nodes ?? []).map((n) => n.id);
    case 'lookup':
    case 'masterDetail':
    case 'tree':
    case 'user': return (value as { id?: string } | null)?.id ?? (typeof value === 'string' ? value : '');
    default: return value === null || value === undefined ? '' : NUMERIC.has(field.type) ? String(value) : value;
  }
}

/** Thrown for text that is no JSON at all (reported as the field's error). */
export class JsonSyntaxError extends Error {}

/** What the data API gets for an input's value; null for an empty input. */
export function toApiValue(field: FieldMeta, raw: RawValue): unknown {
  if (NUMERIC.has(field.type)) return parseNumber(raw);
  switch (field.type) {
    case 'boolean': return raw === true;
    // The whole set of links (an update sends it as {set}: RecordForm).
    case 'manyToMany': return Array.isArray(raw) ? raw : [];
    case 'multiSelect': return Array.isArray(raw) && raw.length > 0 ? raw : null;
    case 'rating': return typeof raw === 'number' && raw > 0 ? raw : null;
    case 'duration': {
      if (typeof raw !== 'string' || raw.trim() === '') return typeof raw === 'number' ? raw : null;
      return parseDuration(raw) ?? raw;
    }
    case 'file': case 'image': case 'signature': return (raw as { id?: string } | null)?.id ?? null;
    case 'color': return typeof raw === 'string' && raw.trim() !== '' ? normalizeColor(raw) : null;
    case 'time': return typeof raw === 'string' && raw !== '' ? raw : null;
    case 'currency': {
      const v = (raw ?? {}) as { amount?: unknown; currency?: string };
      const amount = parseNumber(v.amount);
      if (amount === null) return null;
      return v.currency ? { amount, currency: v.currency } : { amount };
    }
    case 'geolocation': {
      const v = (raw ?? {}) as { lat?: unknown; lng?: unknown };
      const lat = parseNumber(v.lat);
      const lng = parseNumber(v.lng);
      if (lat === null && lng === null) return null;
      return { lat, lng };
    }
    case 'address': case 'fullName': case 'dateRange': case 'locationAddress': {
      // Blank parts are left out (null); a value with no part at all is no value.
      const v = (raw ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const p of COMPOSITE_PARTS[field.type]) {
        const text = typeof v[p.name] === 'string' ? (v[p.name] as string).trim() : v[p.name];
        if (text === '' || text === null || text === undefined) continue;
        out[p.name] = p.kind === 'number' ? parseNumber(text) : field.type === 'address' && p.name === 'country' ? String(text).toUpperCase() : text;
      }
      return Object.keys(out).length ? out : null;
    }
    case 'json': {
      if (typeof raw !== 'string' || raw.trim() === '') return null;
      try {
        return JSON.parse(raw);
      } catch {
        throw new JsonSyntaxError(raw);
      }
    }
    case 'dateTime': {
      if (typeof raw !== 'string' || raw === '') return null;
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d.toISOString();
    }
    default:
      if (TEXT_LISTS.has(field.type)) return Array.isArray(raw) && raw.length > 0 ? raw : null;
      return raw === '' || raw === undefined ? null : raw;
  }
}
