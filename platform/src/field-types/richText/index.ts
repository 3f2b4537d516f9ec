import type { FieldType } from '../field-type.ts';
import { nullable, passThrough } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import propertiesSchema from './richText.schema.json' with { type: 'json' };

const MAX = 131072;

/** Formatted text, stored as HTML in a `text` column; filtered only by substring. */
export const richText: FieldType = {
  name: 'richText',
  label: { en: 'Rich text', 'zh-CN': '富文本' },
  propertiesSchema,
  ...boundedText(MAX),
  valueSchema: (field) => nullable(field, { type: 'string', maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: ['isNull', 'ilike', 'contains'],
  widget: 'richText',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
  rejectsText: (field, value) => tooLong(field, value, MAX),
  ...passThrough,
};
