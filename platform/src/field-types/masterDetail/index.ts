import type { FieldType } from '../field-type.ts';
import { lookup } from '../lookup/index.ts';
import propertiesSchemaFile from './masterDetail.schema.json' with { type: 'json' };
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const propertiesSchema = withApiNames(propertiesSchemaFile);

/**
 * A lookup to a master record that owns this one: always required, and deleting the master deletes
 * its details. Columns, value, operators and capabilities are the lookup's.
 */
export const masterDetail: FieldType = {
  ...lookup,
  name: 'masterDetail',
  label: { en: 'Master-detail', 'zh-CN': '主从关系' },
  propertiesSchema,
  // An authored onDelete is kept only so that check() can report it.
  resolve: (field) => ({ ...field, required: true, onDelete: field.onDelete ?? 'cascade' }),
  check: (field) =>
    field.onDelete !== undefined && field.onDelete !== 'cascade'
      ? [{ pointer: '/onDelete', message: 'a master-detail always deletes its details with the master (cascade)' }]
      : [],
  reference: (field) => ({ target: field.target as string, onDelete: 'cascade' }),
};
