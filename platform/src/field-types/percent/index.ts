import type { FieldType } from '../field-type.ts';
import { nullable, notValidAs, ORDERED, singleColumn } from '../_shared/single-column.ts';
import { checkScale, numericBound, numericSqlType, toNumber } from '../_shared/numeric.ts';
import propertiesSchema from './percent.schema.json' with { type: 'json' };

/** A percentage stored as the number of percent (12.5 means 12.5%) in a `numeric(p, s)`. */
export const percent: FieldType = {
  name: 'percent',
  label: { en: 'Percent', 'zh-CN': '百分比' },
  propertiesSchema,
  resolve: (field) => ({ precision: 5, scale: 2, ...field }),
  check: checkScale,
  columns: (field) => singleColumn(field, numericSqlType(field)),
  valueSchema: (field) => nullable(field, { type: 'number', exclusiveMinimum: -numericBound(field), exclusiveMaximum: numericBound(field) }),
  graphql: 'Float',
  operators: ORDERED,
  widget: 'percent',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, aggregates: ['sum', 'avg', 'min', 'max', 'countDistinct'] },
  rejectsText: (field, value) => notValidAs(value, numericSqlType(field)),
  toColumns: (value) => [value ?? null],
  fromColumns: (values) => toNumber(values[0]),
};
