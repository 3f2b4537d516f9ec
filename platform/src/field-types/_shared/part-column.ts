import type { ColumnSpec } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';

/** `<name>__<part>`: the column of one part of a multi-column field (API names never contain `_`). */
export function partName(field: ResolvedField, part: string): string {
  return `${field.name}__${part}`;
}

/** One column of a multi-column field, NOT NULL when the field is required. */
export function partColumn(field: ResolvedField, column: string, part: string, sqlType: string, defaultValue?: unknown): ColumnSpec {
  const spec: ColumnSpec = { column, sqlType, notNull: field.required, part };
  if (defaultValue !== undefined && defaultValue !== null) spec.defaultSql = `${quoteLiteral(defaultValue)}::${sqlType}`;
  return spec;
}

/** The field's default value as an object of parts, or undefined when it has none. */
export function defaultParts(field: ResolvedField): Record<string, unknown> | undefined {
  const value = field.defaultValue;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
