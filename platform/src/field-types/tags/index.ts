import { stringArrayType } from '../_shared/string-array.ts';
import propertiesSchema from './tags.schema.json' with { type: 'json' };

/** One tag: any text up to 100 characters without leading or trailing spaces. */
const TAG = { type: 'string', minLength: 1, maxLength: 100, pattern: '^\\S(.*\\S)?$' };

/**
 * Free tags (any text, unlike a multiSelect's fixed options), stored as a `text[]`. Filters:
 * `contains` (has this tag), `containsAny`, `containsAll`, all exact, and `isNull` (no tags).
 */
export const tags = stringArrayType({
  name: 'tags', label: { en: 'Tags', 'zh-CN': '标签' }, propertiesSchema, item: TAG, maxItems: 100,
  operators: ['contains', 'containsAny', 'containsAll', 'isNull'],
});
