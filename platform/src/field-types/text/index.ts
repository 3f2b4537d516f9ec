import type { FieldType } from '../field-type.ts';
import { nullable, passThrough, TEXTUAL } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import propertiesSchema from './text.schema.json' with { type: 'json' };

/** A single line of text. Stored as `text` (the length is enforced by the value schema, not a varchar). */
export const text: FieldType = {
  name: 'text',
  label: { en: 'Text', 'zh-CN': '文本' },
  propertiesSchema,
  ...boundedText(255),
  valueSchema: (field) => nullable(field, { type: 'string', maxLength: maxLengthOf(field, 255) }),
  graphql: 'String',
  operators: TEXTUAL,
  widget: 'text',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, searchable: true, aggregates: ['countDistinct', 'min', 'max'] },
  rejectsText: (field, value) => tooLong(field, value, 255),
  ...passThrough,
};
