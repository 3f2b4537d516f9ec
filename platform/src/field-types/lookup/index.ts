import type { FieldType } from '../field-type.ts';
import { EQUALITY, nullable, passThrough, singleColumn } from '../_shared/single-column.ts';
import propertiesSchemaFile from './lookup.schema.json' with { type: 'json' };
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const propertiesSchema = withApiNames(propertiesSchemaFile);

/** A many-to-one reference to a record of `target`: a uuid column with a foreign key and an index. */
export const lookup: FieldType = {
  name: 'lookup',
  label: { en: 'Lookup', 'zh-CN': '查找关系' },
  propertiesSchema,
  resolve: (field) => ({ onDelete: 'setNull', ...field }),
  check: (field) =>
    field.required && field.onDelete === 'setNull'
      ? [{ pointer: '/onDelete', message: 'a required lookup cannot be set to null when its target is deleted' }]
      : [],
  columns: (field) => singleColumn(field, 'uuid'),
  valueSchema: (field) => nullable(field, { type: 'string', format: 'uuid' }),
  graphql: 'Reference',
  operators: EQUALITY,
  widget: 'lookup',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: true, aggregates: ['countDistinct'] },
  reference: (field) => ({ target: field.target as string, onDelete: field.onDelete ?? 'setNull' }),
  ...passThrough,
};
