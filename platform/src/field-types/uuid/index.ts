import type { FieldType } from '../field-type.ts';
import { EQUALITY, nullable, notValidAs, passThrough, singleColumn } from '../_shared/single-column.ts';
import propertiesSchema from './uuid.schema.json' with { type: 'json' };

/** An identifier from another system, stored as `uuid`. */
export const uuid: FieldType = {
  name: 'uuid',
  label: { en: 'UUID', 'zh-CN': 'UUID' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'uuid'),
  valueSchema: (field) => nullable(field, { type: 'string', format: 'uuid' }),
  graphql: 'ID',
  operators: EQUALITY,
  widget: 'uuid',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, aggregates: ['countDistinct'] },
  rejectsText: (_field, value) => notValidAs(value, 'uuid'),
  ...passThrough,
};
