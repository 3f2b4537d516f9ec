import type { FieldType } from '../field-type.ts';
import { EQUALITY, nullable, passThrough, singleColumn } from '../_shared/single-column.ts';
import propertiesSchema from './user.schema.json' with { type: 'json' };

/** A tenant user's id, stored as `uuid` without a foreign key (users live in the system schema). */
export const user: FieldType = {
  name: 'user',
  label: { en: 'User', 'zh-CN': '用户' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'uuid'),
  valueSchema: (field) => nullable(field, { type: 'string', format: 'uuid' }),
  graphql: 'User',
  operators: EQUALITY,
  widget: 'user',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: true, aggregates: ['countDistinct'] },
  ...passThrough,
};
