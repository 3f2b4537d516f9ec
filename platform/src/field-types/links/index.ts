import { stringArrayType } from '../_shared/string-array.ts';
import { URL_ITEM } from '../url/index.ts';
import propertiesSchema from './links.schema.json' with { type: 'json' };

/** Several http(s) URLs (up to 50, each checked as the url type checks one), stored as a `text[]`. */
export const links = stringArrayType({
  name: 'links', label: { en: 'Links', 'zh-CN': '多个链接' }, propertiesSchema, item: URL_ITEM, maxItems: 50,
  operators: ['containsAny', 'isNull'],
});
