import type { ColumnSpec, FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';

/** The one column of a single-column field: named like the field, NOT NULL when required. */
export function singleColumn(field: ResolvedField, sqlType: string): ColumnSpec[] {
  const column: ColumnSpec = { column: field.name, sqlType, notNull: field.required };
  if (field.defaultValue !== undefined && field.defaultValue !== null) column.defaultSql = `${quoteLiteral(field.defaultValue)}::${sqlType}`;
  return [column];
}

/** toColumns/fromColumns for a field whose API value is its column value. */
export const passThrough: Pick<FieldType, 'toColumns' | 'fromColumns'> = {
  toColumns: (value) => [value ?? null],
  fromColumns: (values) => values[0] ?? null,
};

/** Wraps a value schema so that null is accepted when the field is not required. */
export function nullable(field: ResolvedField, schema: Record<string, unknown>): Record<string, unknown> {
  if (field.required) return schema;
  return { anyOf: [schema, { type: 'null' }] };
}

/** rejectsText predicate for types whose only constraint is what PostgreSQL's input function accepts. */
export function notValidAs(value: string, sqlType: string): string {
  return `NOT pg_input_is_valid(${value}, ${quoteLiteral(sqlType)})`;
}

export const EQUALITY = ['eq', 'neq', 'in', 'nin', 'isNull'] as const;
export const ORDERED = [...EQUALITY, 'gt', 'gte', 'lt', 'lte'] as const;
export const TEXTUAL = [...ORDERED, 'like', 'ilike', 'startsWith', 'endsWith', 'contains'] as const;
