import type { FieldMeta } from '../../api/metadata.ts';
import { htmlText } from '../history/format.ts';
import { countryName, formatComposite } from '../../ui/composite-kinds.ts';
import { formatDuration, formatTime, ratingMax, TEXT_LISTS } from '../../ui/field-kinds.ts';

/** A field's value as text for lists and record pages, in the UI language. */
export function formatValue(field: FieldMeta, value: unknown, language: string, words: { yes: string; no: string; empty: string }): string {
  if (value === null || value === undefined || value === '') return words.empty;
  switch (field.type) {
    case 'boolean': return value ? words.yes : words.no;
    case 'currency': {
      const v = value as { amount: number; currency?: string };
      try {
        return new Intl.NumberFormat(language, { style: 'currency', currency: v.currency ?? field.currencyCode ?? 'USD' }).format(v.amount);
      } catch {
        return `${v.amount} ${v.currency ?? ''}`.trim();
      }
    }
    case 'percent': return `${new Intl.NumberFormat(language).format(Number(value))}%`;
    case 'number': case 'integer': return new Intl.NumberFormat(language).format(Number(value));
    case 'dateTime': return new Date(String(value)).toLocaleString(language);
    // The data API answers an option by its enum name when its stored value is no GraphQL name.
    case 'select': return field.options?.find((o) => o.value === value || o.enumValue === value)?.label ?? String(value);
    case 'multiSelect': return (value as string[]).map((v) => field.options?.find((o) => o.value === v || o.enumValue === v)?.label ?? v).join(', ');
    case 'geolocation': { const g = value as { lat: number; lng: number }; return `${g.lat}, ${g.lng}`; }
    case 'json': return JSON.stringify(value);
    case 'address': case 'fullName': case 'dateRange': case 'locationAddress': return formatComposite(field.type, value as Record<string, string>, language);
    case 'country': return countryName(String(value), language);
    case 'richText': return htmlText(String(value));
    case 'rating': return `${'★'.repeat(Number(value))}${'☆'.repeat(Math.max(0, ratingMax(field) - Number(value)))}`;
    case 'duration': return formatDuration(Number(value), language);
    case 'time': return formatTime(String(value));
    case 'file': case 'image': case 'signature': return String((value as { name?: string }).name ?? '');
    case 'user': return String((value as { name?: string; id: string }).name ?? (value as { id: string }).id);
    case 'manyToMany': {
      const nodes = ((value as { nodes?: Record<string, unknown>[] }).nodes ?? []);
      return nodes.length ? nodes.map((v) => String(Object.entries(v).find(([k]) => k !== 'id')?.[1] ?? v.id)).join(', ') : words.empty;
    }
    case 'lookup': case 'masterDetail': case 'tree': {
      const v = value as Record<string, unknown>;
      const name = Object.entries(v).find(([k]) => k !== 'id')?.[1];
      return String(name ?? v.id);
    }
    default:
      if (TEXT_LISTS.has(field.type) && Array.isArray(value)) return value.length ? value.join(', ') : words.empty;
      return String(value);
  }
}
