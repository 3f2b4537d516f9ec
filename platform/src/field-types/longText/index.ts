import type { FieldType } from '../field-type.ts';
import { nullable, passThrough } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import propertiesSchema from './longText.schema.json' with { type: 'json' };

const MAX = 131072;

/** Multi-line plain text. Stored as `text`; too long to sort, group or index uniquely. */
export const longText: FieldType = {
  name: 'longText',
  label: { en: 'Long text', 'zh-CN': '长文本' },
  propertiesSchema,
  ...boundedText(MAX),
  valueSchema: (field) => nullable(field, { type: 'string', maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: ['eq', 'neq', 'isNull', 'like', 'ilike', 'startsWith', 'endsWith', 'contains'],
  widget: 'textarea',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, searchable: true, aggregates: [] },
  rejectsText: (field, value) => tooLong(field, value, MAX),
  ...passThrough,
};
