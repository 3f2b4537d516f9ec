import type { CompositePart, FieldType, FieldTypeCapabilities, FilterOperator } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { nullable } from './single-column.ts';
import { defaultParts, partColumn, partName } from './part-column.ts';

/** The SQL type of a part's column, by the single-column type it reads as. */
const SQL_TYPES: Record<string, string> = { text: 'text', date: 'date', number: 'double precision' };

/** A part's value as stored: text trimmed, blank text as null (one "empty" state whatever a client sends). */
function partValue(part: CompositePart, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (part.type === 'text' && typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}

/**
 * A field type whose value is an object of named parts (an address, a person's name, a date
 * range), one column per part (`<field>__<part>`). Each part filters as its own type
 * (`{address: {city: {eq: "Paris"}}}`); `operators` are the ones on the whole value (isNull: all
 * parts empty, and type-specific ones such as `within` or `overlaps`).
 */
export function compositeType(spec: Pick<FieldType, 'name' | 'label' | 'propertiesSchema' | 'widget' | 'check'> & {
  typeName: string;
  parts: readonly CompositePart[];
  operators?: readonly FilterOperator[];
  capabilities?: Partial<FieldTypeCapabilities>;
}): FieldType {
  const { parts } = spec;
  return {
    name: spec.name,
    label: spec.label,
    propertiesSchema: spec.propertiesSchema,
    ...(spec.check ? { check: spec.check } : {}),
    composite: { typeName: spec.typeName, parts },
    columns: (field) => parts.map((p) => ({
      ...partColumn(field, partName(field, p.name), p.name, SQL_TYPES[p.type] ?? 'text', defaultParts(field)?.[p.name]),
      notNull: field.required && p.required === true,
    })),
    valueSchema: (field) => nullable(field, {
      type: 'object',
      properties: Object.fromEntries(parts.map((p) => [p.name, p.required ? p.schema : { anyOf: [p.schema, { type: 'null' }] }])),
      required: parts.filter((p) => p.required).map((p) => p.name),
      minProperties: 1,
      additionalProperties: false,
    }),
    graphql: 'Composite',
    operators: spec.operators ?? ['isNull'],
    widget: spec.widget,
    capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [], ...spec.capabilities },
    outputSql: (columns) =>
      `case when ${columns.map((c) => `${c} is null`).join(' and ')} then null else json_build_object(${parts.map((p, i) => `'${p.name}', ${columns[i]}`).join(', ')}) end`,
    toColumns: (value) => {
      if (value === null || value === undefined) return parts.map(() => null);
      const v = value as Record<string, unknown>;
      return parts.map((p) => partValue(p, v[p.name]));
    },
    fromColumns: (values) => {
      if (values.every((v) => v === null || v === undefined)) return null;
      return Object.fromEntries(parts.map((p, i) => [p.name, fromPart(p, values[i])]));
    },
  };
}

function fromPart(part: CompositePart, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (part.type === 'number') return Number(value);
  // pg returns a `date` as text here (the platform's type parser keeps dates as YYYY-MM-DD).
  if (part.type === 'date' && value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

/** The field a part reads as, for filters: a single-column field of the part's type over its column. */
export function partField(field: ResolvedField, part: CompositePart): ResolvedField {
  return { name: partName(field, part.name), type: part.type, label: field.label, required: false, unique: false };
}
