import type { FieldType } from '../field-type.ts';
import { nullable, singleColumn } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import { sanitizeRichText } from './sanitize.ts';
import propertiesSchema from './richText.schema.json' with { type: 'json' };

const MAX = 131072;

const clean = (value: unknown) => (typeof value === 'string' ? sanitizeRichText(value) : value ?? null);

/**
 * Formatted text, stored as HTML in a `text` column; filtered only by substring. Every value is
 * sanitized on its way into the column (`toColumns`: the one place creates, updates, upserts, bulk
 * changes, trigger-changed cells and the audit's copy of a value pass), so whatever a client, script
 * or import sends, what is stored and read back is allow-listed HTML (`sanitize.ts`).
 */
export const richText: FieldType = {
  name: 'richText',
  label: { en: 'Rich text', 'zh-CN': '富文本' },
  propertiesSchema,
  ...boundedText(MAX),
  // The column default (DDL) is sanitized too: rows that get it never pass toColumns.
  columns: (field) => singleColumn({ ...field, defaultValue: clean(field.defaultValue) ?? undefined }, 'text'),
  valueSchema: (field) => nullable(field, { type: 'string', maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: ['isNull', 'ilike', 'contains'],
  widget: 'richText',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
  rejectsText: (field, value) => tooLong(field, value, MAX),
  // Plain text turned into rich text is read as HTML from then on, unsanitized: text holding markup is refused.
  rejectsConverted: (_field, value) => `strpos(${value}, '<') > 0`,
  toColumns: (value) => [clean(value)],
  fromColumns: (values) => values[0] ?? null,
};
