import { stringArrayType } from '../_shared/string-array.ts';
import { PHONE_ITEM } from '../phone/index.ts';
import propertiesSchema from './phones.schema.json' with { type: 'json' };

/** Several phone numbers as typed (up to 50, each checked as the phone type checks one), stored as a `text[]`. */
export const phones = stringArrayType({
  name: 'phones', label: { en: 'Phones', 'zh-CN': '多个电话' }, propertiesSchema, item: PHONE_ITEM, maxItems: 50,
  operators: ['containsAny', 'isNull'],
});
