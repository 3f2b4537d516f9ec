import type { FieldType } from '../field-type.ts';
import { ARRAY_CAPABILITIES, arrayColumns, arrayValueSchema, textArray } from '../_shared/string-array.ts';
import propertiesSchema from './emails.schema.json' with { type: 'json' };

const EMAIL = { type: 'string', format: 'email', maxLength: 254 };

/** Several e-mail addresses (up to 50, each checked as the email type checks one), stored as a `text[]`. */
export const emails: FieldType = {
  name: 'emails',
  label: { en: 'Emails', 'zh-CN': '多个电子邮件' },
  propertiesSchema,
  columns: arrayColumns,
  valueSchema: (field) => arrayValueSchema(field, EMAIL, 50),
  graphql: 'StringList',
  operators: ['containsAny', 'isNull'],
  widget: 'emails',
  capabilities: ARRAY_CAPABILITIES,
  ...textArray,
};
