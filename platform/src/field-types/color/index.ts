import type { FieldType } from '../field-type.ts';
import { EQUALITY, nullable, singleColumn } from '../_shared/single-column.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import propertiesSchema from './color.schema.json' with { type: 'json' };

const PATTERN = '^#[0-9a-fA-F]{6}$';
/** What the column holds: upper case only. */
const STORED = '^#[0-9A-F]{6}$';

const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value ?? null);

/**
 * A colour as `#RRGGBB`, stored as `text` in upper case: `#ff8800` and `#FF8800` are one colour,
 * so values, defaults and filter operands are all upper-cased (equality filters only).
 */
export const color: FieldType = {
  name: 'color',
  label: { en: 'Color', 'zh-CN': '颜色' },
  propertiesSchema,
  resolve: (field) => (typeof field.defaultValue === 'string' ? { ...field, defaultValue: field.defaultValue.toUpperCase() } : field),
  columns: (field) => singleColumn(field, 'text'),
  valueSchema: (field) => nullable(field, { type: 'string', pattern: PATTERN }),
  graphql: 'String',
  operators: EQUALITY,
  widget: 'color',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: ['countDistinct'] },
  // A type change keeps the values as they are: lower-case ones are refused rather than left unequal to every filter.
  rejectsText: (_field, value) => `NOT (${value} ~ ${quoteLiteral(STORED)})`,
  operand: upper,
  toColumns: (value) => [upper(value)],
  fromColumns: (values) => values[0] ?? null,
};
