import type { FieldType } from '../field-type.ts';
import { nullable, passThrough } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import propertiesSchema from './markdown.schema.json' with { type: 'json' };

const MAX = 131072;

/**
 * Long text written in Markdown, stored as it was typed in a `text` column. Unlike richText, the
 * stored value is never HTML: the studio renders it, with raw HTML off and links limited to
 * http(s), mailto and tel, so nothing a value holds can run in a browser.
 */
export const markdown: FieldType = {
  name: 'markdown',
  label: { en: 'Markdown', 'zh-CN': 'Markdown' },
  propertiesSchema,
  ...boundedText(MAX),
  valueSchema: (field) => nullable(field, { type: 'string', maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: ['isNull', 'like', 'ilike', 'contains'],
  widget: 'markdown',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, searchable: true, aggregates: [] },
  rejectsText: (field, value) => tooLong(field, value, MAX),
  ...passThrough,
};
