import type { FieldMeta } from '../api/metadata.ts';
import { normalizeColor, parseDuration } from './field-kinds.ts';
import { filterFieldsOf } from './composite-kinds.ts';

/** One condition of the filter builder, as the user set it (values as typed). */
export interface Condition {
  field: string;
  op: string;
  value: string;
  /** Second value: N for lastNDays/nextNDays, km for within, the end for overlaps. */
  extra?: string;
}

export const LIST_OPS = new Set(['in', 'nin', 'containsAny', 'containsAll']);
const NUMERIC = new Set(['number', 'integer', 'percent', 'currency', 'rating', 'sequence']);
const PERIODS_WITH_N = new Set(['lastNDays', 'nextNDays']);
export const PERIODS = ['today', 'yesterday', 'tomorrow', 'thisWeek', 'thisMonth', 'thisYear', 'lastNDays', 'nextNDays'];

/** The operators the builder offers for a field: the data API's, with isNull split into "is empty" / "is not empty". */
export function operatorsOf(field: FieldMeta): string[] {
  return field.operators.flatMap((op) => (op === 'isNull' ? ['isNull', 'notNull'] : [op]));
}

export const needsValue = (op: string) => op !== 'isNull' && op !== 'notNull';

function scalar(field: Pick<FieldMeta, 'type'>, text: string): unknown {
  const v = text.trim();
  if (NUMERIC.has(field.type)) return Number(v);
  // A duration as people write it (`1h 30m`), compared in seconds; a colour in the case it is stored in.
  if (field.type === 'duration') return parseDuration(v) ?? Number.NaN;
  if (field.type === 'color') return normalizeColor(v);
  if (field.type === 'boolean') return v === 'true';
  if (field.type === 'dateTime' && v && !Number.isNaN(new Date(v).getTime())) return new Date(v).toISOString();
  return v;
}

/** What a condition's value may name beyond literals: `$me`, the signed-in user (a shared "My leads" view means each viewer's own). */
export interface FilterContext {
  me?: string | null;
}

/** `$me` on a user field: the signed-in user (no one signed in: an id no user has, so the view never widens to everyone's). */
export const ME = '$me';
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * The record's owner as list views store it (the system field `ownerId`): a user field the data API
 * filters as `owner`. Objects' field lists do not carry it, so views on it (the public pool: owner
 * empty; my records: owner is `$me`) would otherwise be dropped.
 */
const OWNER: Pick<FieldMeta, 'name' | 'type'> = { name: 'owner', type: 'user' };

/** The owner as the filter builder offers it: the system field `ownerId`, a user field (label given by the caller). */
export function ownerFilterField(label: string): FieldMeta {
  return {
    name: 'ownerId', type: 'user', label, labels: {}, description: null, helpText: null, required: false, unique: false, defaultValue: null,
    options: null, target: null, precision: null, scale: null, maxLength: null, currencyCode: null, widget: 'user',
    operators: ['eq', 'neq', 'in', 'nin', 'isNull'], valueSchema: {}, definition: {},
    capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: [] },
  };
}

/** A condition as a data API filter entry, or undefined while it is incomplete. */
export function conditionFilter(field: Pick<FieldMeta, 'name' | 'type'>, c: Condition, context: FilterContext = {}): Record<string, unknown> | undefined {
  if (field.type === 'user' && c.value.trim() === ME) c = { ...c, value: context.me || NOBODY };
  let operand: Record<string, unknown>;
  if (c.op === 'isNull') operand = { isNull: true };
  else if (c.op === 'notNull') operand = { isNull: false };
  else if (c.value.trim() === '' && !(c.op === 'overlaps' && c.extra?.trim())) return undefined;
  else if (c.op === 'relative') {
    if (PERIODS_WITH_N.has(c.value)) {
      if (!c.extra || !Number.isInteger(Number(c.extra))) return undefined;
      operand = { [c.value]: Number(c.extra) };
    } else operand = { [c.value]: true };
  } else if (c.op === 'within') {
    const [lat, lng] = c.value.split(',').map((s) => Number(s.trim()));
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || !c.extra) return undefined;
    operand = { within: { lat, lng, km: Number(c.extra) } };
  } else if (c.op === 'overlaps') {
    // From `value` to `extra`, either left blank for an open end (not both).
    operand = { overlaps: { ...(c.value.trim() ? { start: c.value.trim() } : {}), ...(c.extra?.trim() ? { end: c.extra.trim() } : {}) } };
  } else if (LIST_OPS.has(c.op)) operand = { [c.op]: c.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => scalar(field, s)) };
  else operand = { [c.op]: scalar(field, c.value) };
  // Lookups filter through their target: `account: {id: {eq: …}}`.
  if (field.type === 'lookup' || field.type === 'masterDetail') return { [field.name]: { id: operand } };
  // A part of a composite (`office.city`) filters inside its field: `office: {city: {…}}`.
  const [name, part] = field.name.split('.');
  if (part) return { [name]: { [part]: operand } };
  return { [field.name]: operand };
}

/** Every complete condition, ANDed. */
export function filterOf(objectFields: FieldMeta[], conditions: Condition[], context: FilterContext = {}): Record<string, unknown> {
  const fields = filterFieldsOf(objectFields);
  const parts = conditions.flatMap((c) => {
    const field = c.field === 'ownerId' ? OWNER : fields.find((f) => f.name === c.field);
    const part = field ? conditionFilter(field, c, context) : undefined;
    return part ? [part] : [];
  });
  if (parts.length === 0) return {};
  return parts.length === 1 ? parts[0] : { and: parts };
}
