import type { FieldType } from '../field-type.ts';
import { nullable, passThrough, TEXTUAL } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import propertiesSchema from './url.schema.json' with { type: 'json' };

const MAX = 2048;
/** One URL as this type checks it (the links type checks each of its items so). */
export const URL_ITEM = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: MAX };

/** An http(s) URL, stored as `text`. */
export const url: FieldType = {
  name: 'url',
  label: { en: 'URL', 'zh-CN': '网址' },
  propertiesSchema,
  ...boundedText(MAX),
  valueSchema: (field) => nullable(field, { ...URL_ITEM, maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: TEXTUAL,
  widget: 'url',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, searchable: true, aggregates: ['countDistinct'] },
  rejectsText: (field, value) => `(${tooLong(field, value, MAX)} OR NOT (${value} ~* '^https?://'))`,
  ...passThrough,
};
