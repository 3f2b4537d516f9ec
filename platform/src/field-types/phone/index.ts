import type { FieldType } from '../field-type.ts';
import { nullable, passThrough, TEXTUAL } from '../_shared/single-column.ts';
import { boundedText, maxLengthOf, tooLong } from '../_shared/bounded-text.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import propertiesSchema from './phone.schema.json' with { type: 'json' };

const MAX = 40;
/** Digits with an optional leading `+` and the usual separators. */
const PATTERN = '^\\+?[0-9][0-9 ()\\-.]{2,39}$';
/** One phone number as this type checks it (the phones type checks each of its items so). */
export const PHONE_ITEM = { type: 'string', pattern: PATTERN, maxLength: MAX };
/** The same pattern for PostgreSQL (`-` last in the bracket instead of escaped). */
const PG_PATTERN = '^\\+?[0-9][0-9 ().-]{2,39}$';

/** A phone number as typed (not normalized), stored as `text`. */
export const phone: FieldType = {
  name: 'phone',
  label: { en: 'Phone', 'zh-CN': '电话' },
  propertiesSchema,
  ...boundedText(MAX),
  valueSchema: (field) => nullable(field, { ...PHONE_ITEM, maxLength: maxLengthOf(field, MAX) }),
  graphql: 'String',
  operators: TEXTUAL,
  widget: 'phone',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, searchable: true, aggregates: ['countDistinct'] },
  rejectsText: (field, value) => `(${tooLong(field, value, MAX)} OR NOT (${value} ~ ${quoteLiteral(PG_PATTERN)}))`,
  ...passThrough,
};
