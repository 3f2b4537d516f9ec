import type { FieldMeta } from '../api/metadata.ts';

/** One condition of a filter as the builder edits it: the value is the text typed. */
export interface FilterCondition {
  field: string;
  operator: string;
  value: string;
}

const NUMERIC = new Set(['number', 'integer', 'percent', 'currency']);

/** A field type as one lower-case word, whatever its spelling (`DATE_TIME`, `dateTime` → `datetime`). */
export const typeKey = (type: string | undefined): string => (type ?? '').toLowerCase().replace(/_/g, '');
const LIST_OPERATORS = new Set(['in', 'nin', 'containsAny', 'containsAll']);
/** Operators the builder offers (a value typed as text); `relative` and `within` need their own widgets. */
const SIMPLE_OPERATORS = new Set(['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'isNull', 'like', 'ilike', 'startsWith', 'endsWith', 'contains', 'containsAny', 'containsAll']);

export function filterableFields(fields: FieldMeta[]): FieldMeta[] {
  return fields.filter((f) => f.capabilities.filterable && f.operators.some((o) => SIMPLE_OPERATORS.has(o)));
}

export function operatorsOf(field: FieldMeta | undefined): string[] {
  return (field?.operators ?? []).filter((o) => SIMPLE_OPERATORS.has(o));
}

function scalar(field: FieldMeta | undefined, text: string): unknown {
  const value = text.trim();
  if (field && NUMERIC.has(typeKey(field.type)) && value !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (typeKey(field?.type) === 'boolean') return value === 'true';
  return value;
}

/** The conditions as a data API filter (`{field: {operator: value}}`, several on one field merged). */
export function toFilter(conditions: FilterCondition[], fields: FieldMeta[]): Record<string, Record<string, unknown>> {
  const filter: Record<string, Record<string, unknown>> = {};
  for (const c of conditions) {
    if (!c.field || !c.operator) continue;
    const field = fields.find((f) => f.name === c.field);
    const value = c.operator === 'isNull' ? c.value !== 'false'
      : LIST_OPERATORS.has(c.operator) ? c.value.split(',').map((v) => scalar(field, v)).filter((v) => v !== '')
      : scalar(field, c.value);
    filter[c.field] = { ...filter[c.field], [c.operator]: value };
  }
  return filter;
}

/** A stored filter back as conditions (operators the builder does not know are kept as JSON text). */
export function fromFilter(filter: unknown): FilterCondition[] {
  if (!filter || typeof filter !== 'object') return [];
  return Object.entries(filter as Record<string, unknown>).flatMap(([field, ops]) =>
    Object.entries((ops ?? {}) as Record<string, unknown>).map(([operator, value]) => ({
      field,
      operator,
      value: Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value),
    })));
}

/** A short human reading of a filter: `status eq open; score gt 10`. */
export function describeFilter(filter: unknown): string {
  return fromFilter(filter).map((c) => `${c.field} ${c.operator} ${c.value}`).join('; ');
}
