import type { FieldType } from '../field-type.ts';
import { nullable, notValidAs, ORDERED, singleColumn } from '../_shared/single-column.ts';
import { checkScale, numericBound, numericSqlType, toNumber } from '../_shared/numeric.ts';
import propertiesSchema from './number.schema.json' with { type: 'json' };

export { numericBound } from '../_shared/numeric.ts';

/** A decimal number with a fixed precision and scale, stored as `numeric(p, s)`. */
export const number: FieldType = {
  name: 'number',
  label: { en: 'Number', 'zh-CN': '数字' },
  propertiesSchema,
  resolve: (field) => ({ precision: 18, scale: 2, ...field }),
  check: checkScale,
  columns: (field) => singleColumn(field, numericSqlType(field)),
  valueSchema: (field) => nullable(field, { type: 'number', exclusiveMinimum: -numericBound(field), exclusiveMaximum: numericBound(field) }),
  graphql: 'Float',
  operators: ORDERED,
  widget: 'number',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, aggregates: ['sum', 'avg', 'min', 'max', 'countDistinct'] },
  rejectsText: (field, value) => notValidAs(value, numericSqlType(field)),
  toColumns: (value) => [value ?? null],
  fromColumns: (values) => toNumber(values[0]),
};
