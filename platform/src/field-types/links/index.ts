import type { FieldType } from '../field-type.ts';
import { ARRAY_CAPABILITIES, arrayColumns, arrayValueSchema, textArray } from '../_shared/string-array.ts';
import propertiesSchema from './links.schema.json' with { type: 'json' };

const LINK = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 };

/** Several http(s) URLs (up to 50, each checked as the url type checks one), stored as a `text[]`. */
export const links: FieldType = {
  name: 'links',
  label: { en: 'Links', 'zh-CN': '多个链接' },
  propertiesSchema,
  columns: arrayColumns,
  valueSchema: (field) => arrayValueSchema(field, LINK, 50),
  graphql: 'StringList',
  operators: ['containsAny', 'isNull'],
  widget: 'links',
  capabilities: ARRAY_CAPABILITIES,
  ...textArray,
};
