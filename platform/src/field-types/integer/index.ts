import type { FieldType } from '../field-type.ts';
import { nullable, notValidAs, ORDERED, singleColumn } from '../_shared/single-column.ts';
import { toNumber } from '../_shared/numeric.ts';
import propertiesSchema from './integer.schema.json' with { type: 'json' };

/** A whole number in the 32-bit range, stored as `integer`. */
export const integer: FieldType = {
  name: 'integer',
  label: { en: 'Integer', 'zh-CN': '整数' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'integer'),
  valueSchema: (field) => nullable(field, { type: 'integer', minimum: -2147483648, maximum: 2147483647 }),
  graphql: 'Int',
  operators: ORDERED,
  widget: 'number',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, aggregates: ['sum', 'avg', 'min', 'max', 'countDistinct'] },
  rejectsText: (_field, value) => notValidAs(value, 'integer'),
  toColumns: (value) => [value ?? null],
  fromColumns: (values) => toNumber(values[0]),
};
