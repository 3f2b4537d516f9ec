import type { FieldMeta } from '../api/metadata.ts';
import { typeName } from '../api/record-objects.ts';
import { conditionFilter } from './filter-model.ts';
import { filterFieldsOf } from './composite-kinds.ts';

/**
 * Stored filters (sharing rules, dashboard blocks) as the admin pages edit them: one condition per row,
 * the value as typed. Turning conditions into a data-API filter is the shared filter model's job
 * (`filter-model.ts`, the same one the record lists use), so values convert the same everywhere.
 */
export interface FilterCondition {
  field: string;
  operator: string;
  value: string;
}

/** A field type in lower camel, whatever its spelling (`DATE_TIME` → `dateTime`). */
export const typeKey = (type: string | undefined): string => typeName(type ?? '');
/** Operators the builder offers (a value typed as text); `relative` and `within` need their own widgets. */
const SIMPLE_OPERATORS = new Set(['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'isNull', 'like', 'ilike', 'startsWith', 'endsWith', 'contains', 'containsAny', 'containsAll', 'under', 'above']);

export function filterableFields(fields: FieldMeta[]): FieldMeta[] {
  return filterFieldsOf(fields).filter((f) => f.capabilities.filterable && f.operators.some((o) => SIMPLE_OPERATORS.has(o)));
}

export function operatorsOf(field: FieldMeta | undefined): string[] {
  return (field?.operators ?? []).filter((o) => SIMPLE_OPERATORS.has(o));
}

/** Every operator name a filter entry can hold (others, holding objects, are a composite's parts). */
const KNOWN_OPERATORS = new Set([...SIMPLE_OPERATORS, 'within', 'overlaps', 'today', 'yesterday', 'tomorrow', 'thisWeek', 'thisMonth', 'thisYear', 'lastNDays', 'nextNDays']);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Merges one field's filter entry into another (`{amount: {gt: 1}}` + `{amount: {lt: 5}}`); false when an operator repeats. */
function mergeInto(target: Record<string, unknown>, part: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(part)) {
    if (!(key in target)) target[key] = value;
    else if (isObject(target[key]) && isObject(value) && Object.keys(value).every((k) => !(k in (target[key] as object)) || isObject(value[k]))) {
      if (!mergeInto(target[key] as Record<string, unknown>, value)) return false;
    } else return false;
  }
  return true;
}

/** The conditions as a data-API filter: `{field: {operator: value}}`, merged per field; `and` only when an operator repeats. */
export function toFilter(conditions: FilterCondition[], fields: FieldMeta[]): Record<string, unknown> {
  const all = filterFieldsOf(fields);
  const parts = conditions.flatMap((c) => {
    const field = all.find((f) => f.name === c.field);
    if (!field || !c.operator) return [];
    const op = c.operator === 'isNull' && c.value === 'false' ? 'notNull' : c.operator;
    const part = conditionFilter({ ...field, type: typeKey(field.type) }, { field: c.field, op, value: c.value });
    return part ? [part] : [];
  });
  const merged: Record<string, unknown> = {};
  return parts.every((p) => mergeInto(merged, structuredClone(p))) ? merged : { and: parts };
}

/** One field's operators back as conditions; a lookup's `{id: {…}}` reads as operators on the lookup. */
function conditionsOf(field: string, ops: unknown): FilterCondition[] {
  if (!isObject(ops)) return [];
  if (isObject(ops.id)) return conditionsOf(field, ops.id);
  // A composite's parts (`office: {city: {eq: …}}`): an entry that is no operator is a part.
  const partEntries = Object.entries(ops).filter(([k, v]) => !KNOWN_OPERATORS.has(k) && isObject(v));
  if (partEntries.length) {
    const rest = Object.fromEntries(Object.entries(ops).filter(([k]) => !partEntries.some(([p]) => p === k)));
    return [...partEntries.flatMap(([part, v]) => conditionsOf(`${field}.${part}`, v)), ...conditionsOf(field, rest)];
  }
  return Object.entries(ops).map(([operator, value]) => ({
    field,
    operator,
    value: Array.isArray(value) ? value.join(',') : isObject(value) ? JSON.stringify(value) : String(value),
  }));
}

/** A stored filter back as conditions (operators the builder does not know are kept as JSON text). */
export function fromFilter(filter: unknown): FilterCondition[] {
  if (!isObject(filter)) return [];
  return Object.entries(filter).flatMap(([key, value]) =>
    key === 'and' && Array.isArray(value) ? value.flatMap(fromFilter) : conditionsOf(key, value));
}

/** A short human reading of a filter: `status eq open; score gt 10`. */
export function describeFilter(filter: unknown): string {
  return fromFilter(filter).map((c) => `${c.field} ${c.operator} ${c.value}`).join('; ');
}
