import type { FieldType } from '../field-type.ts';
import { nullable, passThrough, TEXTUAL } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import propertiesSchema from './email.schema.json' with { type: 'json' };

const MAX = 254;
/** One address as this type checks it (the emails type checks each of its items so). */
export const EMAIL_ITEM = { type: 'string', format: 'email', maxLength: MAX };
/** A loose shape check for type changes (the value schema's `email` format is stricter). */
const SHAPE = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

/** An email address, stored as `text`. */
export const email: FieldType = {
  name: 'email',
  label: { en: 'Email', 'zh-CN': '电子邮件' },
  propertiesSchema,
  ...boundedText(MAX),
  valueSchema: (field) => nullable(field, { ...EMAIL_ITEM, maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: TEXTUAL,
  widget: 'email',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, caseInsensitive: true, searchable: true, aggregates: ['countDistinct', 'min', 'max'] },
  rejectsText: (field, value) => `(${tooLong(field, value, MAX)} OR NOT (${value} ~ ${quoteLiteral(SHAPE)}))`,
  ...passThrough,
};
