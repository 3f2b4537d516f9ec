import type { FieldType } from '../field-type.ts';
import { EQUALITY, nullable, singleColumn } from '../_shared/single-column.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import { COUNTRY_CODES } from './codes.ts';
import propertiesSchema from './country.schema.json' with { type: 'json' };

const upper = (value: unknown) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/**
 * A country as its ISO 3166-1 alpha-2 code (`CN`, `FR`), stored upper-case in a `text` column;
 * readers show its name in their language (Intl.DisplayNames, the studio's country widget).
 * Equality filters, with operands upper-cased as values are; it sorts and groups by code.
 */
export const country: FieldType = {
  name: 'country',
  label: { en: 'Country', 'zh-CN': '国家/地区' },
  propertiesSchema,
  check: (field) =>
    field.defaultValue !== undefined && !COUNTRY_CODES.includes(String(field.defaultValue))
      ? [{ pointer: '/defaultValue', message: `${JSON.stringify(field.defaultValue)} is not an ISO 3166-1 alpha-2 country code` }]
      : [],
  columns: (field) => singleColumn(field, 'text'),
  // Lower case is accepted and stored upper-case (toColumns), as a colour's hex digits are.
  valueSchema: (field) => nullable(field, { type: 'string', enum: [...COUNTRY_CODES, ...COUNTRY_CODES.map((c) => c.toLowerCase())] }),
  graphql: 'String',
  operators: EQUALITY,
  widget: 'country',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct'] },
  // A type change keeps values as they are: only upper-case codes can become a country.
  rejectsText: (_field, value) => `NOT (${value} = ANY (${quoteLiteral(`{${COUNTRY_CODES.join(',')}}`)}::text[]))`,
  operand: upper,
  toColumns: (value) => [value === null || value === undefined ? null : upper(value)],
  fromColumns: ([value]) => value ?? null,
};
