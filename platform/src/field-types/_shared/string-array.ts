import type { ColumnSpec, FieldType, FieldTypeCapabilities } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import { nullable } from './single-column.ts';

/** `ARRAY['a', 'b']::text[]`, or `'{}'::text[]` (ARRAY[] needs an element to infer its type). */
export function arrayLiteral(values: unknown[]): string {
  return values.length ? `ARRAY[${values.map(quoteLiteral).join(', ')}]::text[]` : `'{}'::text[]`;
}

/** The one `text[]` column of an array field, with its default array. */
export function arrayColumns(field: ResolvedField): ColumnSpec[] {
  const column: ColumnSpec = { column: field.name, sqlType: 'text[]', notNull: field.required };
  if (Array.isArray(field.defaultValue)) column.defaultSql = arrayLiteral(field.defaultValue);
  return [column];
}

/** An array of distinct `item`s, at most `maxItems`, or null. */
export function arrayValueSchema(field: ResolvedField, item: Record<string, unknown>, maxItems: number): Record<string, unknown> {
  return nullable(field, { type: 'array', items: item, uniqueItems: true, maxItems });
}

/** Array fields filter, but neither sort, group, aggregate nor take a unique index. */
export const ARRAY_CAPABILITIES: FieldTypeCapabilities = { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] };

/**
 * toColumns/fromColumns of a text array: an empty array is stored as null, so that "none" is one
 * state (`isNull: true` finds it) whichever way a client says it. pg sends a JS array as a
 * PostgreSQL array and parses `text[]` back into one.
 */
export const textArray: Pick<FieldType, 'toColumns' | 'fromColumns'> = {
  toColumns: (value) => [Array.isArray(value) && value.length === 0 ? null : value ?? null],
  fromColumns: (values) => values[0] ?? null,
};

/**
 * A field type that holds a set of strings (`text[]`), each checked by `item`: what tags, emails,
 * phones and links share; they differ in their item, size, operators and widget.
 */
export function stringArrayType(spec: Pick<FieldType, 'name' | 'label' | 'propertiesSchema' | 'operators'> & { item: Record<string, unknown>; maxItems: number }): FieldType {
  return {
    name: spec.name,
    label: spec.label,
    propertiesSchema: spec.propertiesSchema,
    columns: arrayColumns,
    valueSchema: (field) => arrayValueSchema(field, spec.item, spec.maxItems),
    graphql: 'StringList',
    operators: spec.operators,
    widget: spec.name as FieldType['widget'],
    capabilities: ARRAY_CAPABILITIES,
    ...textArray,
  };
}
