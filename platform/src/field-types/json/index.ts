import type { ColumnSpec, FieldType } from '../field-type.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import propertiesSchema from './json.schema.json' with { type: 'json' };

/** Any JSON document, stored as `jsonb`; opaque to filters beyond presence. */
export const json: FieldType = {
  name: 'json',
  label: { en: 'JSON', 'zh-CN': 'JSON' },
  propertiesSchema,
  columns: (field) => {
    const column: ColumnSpec = { column: field.name, sqlType: 'jsonb', notNull: field.required };
    if (field.defaultValue !== undefined && field.defaultValue !== null) column.defaultSql = `${quoteLiteral(JSON.stringify(field.defaultValue))}::jsonb`;
    return [column];
  },
  // Any JSON; a required field refuses only null.
  valueSchema: (field) => (field.required ? { not: { type: 'null' } } : {}),
  graphql: 'JSON',
  operators: ['isNull'],
  widget: 'json',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
  // Stringified: pg would send a JS array as a PostgreSQL array, not as JSON.
  toColumns: (value) => [value === null || value === undefined ? null : JSON.stringify(value)],
  // pg parses jsonb already.
  fromColumns: ([value]) => value ?? null,
};
