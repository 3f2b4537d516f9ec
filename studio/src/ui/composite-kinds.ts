import type { FieldMeta } from '../api/metadata.ts';

/**
 * The composite field types (address, fullName, dateRange, locationAddress): the parts of their
 * value as the data API holds them (`office { street city … }`), each part's kind (how it is typed
 * and filtered) and how the value reads in a language.
 */
export type PartKind = 'text' | 'date' | 'number';

export const COMPOSITE_PARTS: Record<string, readonly { name: string; kind: PartKind }[]> = {
  address: [{ name: 'street', kind: 'text' }, { name: 'city', kind: 'text' }, { name: 'region', kind: 'text' }, { name: 'postalCode', kind: 'text' }, { name: 'country', kind: 'text' }],
  fullName: [{ name: 'last', kind: 'text' }, { name: 'first', kind: 'text' }, { name: 'middle', kind: 'text' }],
  dateRange: [{ name: 'start', kind: 'date' }, { name: 'end', kind: 'date' }],
  locationAddress: [{ name: 'lat', kind: 'number' }, { name: 'lng', kind: 'number' }, { name: 'address', kind: 'text' }],
};

export const isComposite = (type: string): boolean => type in COMPOSITE_PARTS;

/** The operators the data API offers on a part of each kind (its part filter: TextFilter, DateFilter, NumberFilter). */
const PART_OPERATORS: Record<PartKind, string[]> = {
  text: ['eq', 'neq', 'in', 'nin', 'isNull', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'startsWith', 'endsWith', 'contains'],
  date: ['eq', 'neq', 'in', 'nin', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  number: ['eq', 'neq', 'in', 'nin', 'isNull', 'gt', 'gte', 'lt', 'lte'],
};
const PART_TYPES: Record<PartKind, string> = { text: 'text', date: 'date', number: 'number' };

/**
 * A composite field as filter builders list it: one entry per part (`office.city`, labelled
 * "Office · city"), of the part's type, with its operators. Other fields are left as they are.
 */
export function filterParts(field: FieldMeta, partLabel: (part: string) => string = (p) => p): FieldMeta[] {
  const parts = COMPOSITE_PARTS[field.type];
  if (!parts) return [field];
  // The whole value keeps its own operators (is empty, within, overlaps); each part follows.
  return [field, ...parts.map((p) => ({ ...field, name: `${field.name}.${p.name}`, label: `${field.label} · ${partLabel(p.name)}`, type: PART_TYPES[p.kind], operators: PART_OPERATORS[p.kind] }))];
}

/** Every field a filter can name: composites as themselves and as their parts (`office.city`). */
export const filterFieldsOf = (fields: FieldMeta[]): FieldMeta[] => fields.flatMap((f) => filterParts(f));

/** Family name first, no spaces: how Chinese, Japanese and Korean write a name (as the platform's formatFullName). */
const FAMILY_FIRST = /^(zh|ja|ko)\b/i;

type Parts = Record<string, string | number | null | undefined>;

/** A composite value as one line of text in the language `language`. */
export function formatComposite(type: string, value: Parts, language: string): string {
  switch (type) {
    case 'fullName':
      return FAMILY_FIRST.test(language)
        ? [value.last, value.middle, value.first].filter(Boolean).join('')
        : [value.first, value.middle, value.last].filter(Boolean).join(' ');
    case 'address': {
      const country = value.country ? countryName(String(value.country), language) : null;
      return [value.street, [value.postalCode, value.city].filter(Boolean).join(' '), value.region, country].filter(Boolean).join(', ');
    }
    case 'dateRange': return `${value.start ?? ''} – ${value.end ?? '…'}`;
    case 'locationAddress': {
      const n = new Intl.NumberFormat(language, { maximumFractionDigits: 6 });
      const point = `${n.format(Number(value.lat))}, ${n.format(Number(value.lng))}`;
      return value.address ? `${value.address} (${point})` : point;
    }
    default: return JSON.stringify(value);
  }
}

/** A country's name in a language (`CN` → China, 中国), the code when the runtime has no name for it. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The country codes a country field accepts, from its value schema (its enum, upper-case). */
export function countryCodes(field: Pick<FieldMeta, 'valueSchema'>): string[] {
  const find = (schema: unknown): string[] => {
    if (!schema || typeof schema !== 'object') return [];
    const s = schema as { enum?: unknown[]; anyOf?: unknown[] };
    if (Array.isArray(s.enum)) return s.enum.filter((c): c is string => typeof c === 'string' && /^[A-Z]{2}$/.test(c));
    return (s.anyOf ?? []).flatMap(find);
  };
  return find(field.valueSchema);
}
