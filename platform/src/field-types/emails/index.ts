import { stringArrayType } from '../_shared/string-array.ts';
import { EMAIL_ITEM } from '../email/index.ts';
import propertiesSchema from './emails.schema.json' with { type: 'json' };

/** Several e-mail addresses (up to 50, each checked as the email type checks one), stored as a `text[]`. */
export const emails = stringArrayType({
  name: 'emails', label: { en: 'Emails', 'zh-CN': '多个电子邮件' }, propertiesSchema, item: EMAIL_ITEM, maxItems: 50,
  operators: ['containsAny', 'isNull'],
});
