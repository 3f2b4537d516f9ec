import type { FieldType } from '../field-type.ts';
import { nullable, passThrough, singleColumn } from '../_shared/single-column.ts';
import propertiesSchema from './boolean.schema.json' with { type: 'json' };

/** True or false, stored as `boolean`. */
export const boolean: FieldType = {
  name: 'boolean',
  label: { en: 'Boolean', 'zh-CN': '布尔值' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'boolean'),
  valueSchema: (field) => nullable(field, { type: 'boolean' }),
  graphql: 'Boolean',
  operators: ['eq', 'neq', 'isNull'],
  widget: 'checkbox',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct'] },
  rejectsText: (_field, value) => `lower(${value}) NOT IN ('true', 'false', 't', 'f', '1', '0', 'yes', 'no')`,
  ...passThrough,
};
