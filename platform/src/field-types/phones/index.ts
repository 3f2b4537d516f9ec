import type { FieldType } from '../field-type.ts';
import { ARRAY_CAPABILITIES, arrayColumns, arrayValueSchema, textArray } from '../_shared/string-array.ts';
import propertiesSchema from './phones.schema.json' with { type: 'json' };

/** The phone type's pattern: digits with an optional leading `+` and the usual separators. */
const PHONE = { type: 'string', pattern: '^\\+?[0-9][0-9 ()\\-.]{2,39}$', maxLength: 40 };

/** Several phone numbers as typed (up to 50), stored as a `text[]`. */
export const phones: FieldType = {
  name: 'phones',
  label: { en: 'Phones', 'zh-CN': '多个电话' },
  propertiesSchema,
  columns: arrayColumns,
  valueSchema: (field) => arrayValueSchema(field, PHONE, 50),
  graphql: 'StringList',
  operators: ['containsAny', 'isNull'],
  widget: 'phones',
  capabilities: ARRAY_CAPABILITIES,
  ...textArray,
};
