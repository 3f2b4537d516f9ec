import type { FieldType } from '../field-type.ts';
import { nullable, ORDERED, singleColumn } from '../_shared/single-column.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import propertiesSchema from './time.schema.json' with { type: 'json' };

const PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$';

/** `HH:MM` → `HH:MM:00`: the one form values are read back in. */
const withSeconds = (value: unknown) => (typeof value === 'string' && value.length === 5 ? `${value}:00` : value ?? null);

/**
 * A time of day without a date or zone (opening hours, a preferred call time), stored as `time`:
 * given as `HH:MM` or `HH:MM:SS` (24-hour), always read back as `HH:MM:SS`.
 */
export const time: FieldType = {
  name: 'time',
  label: { en: 'Time', 'zh-CN': '时间' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'time'),
  valueSchema: (field) => nullable(field, { type: 'string', pattern: PATTERN }),
  graphql: 'String',
  operators: ORDERED,
  widget: 'time',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, aggregates: ['min', 'max'] },
  rejectsText: (_field, value) => `NOT (${value} ~ ${quoteLiteral(PATTERN)})`,
  operand: withSeconds,
  toColumns: (value) => [withSeconds(value)],
  fromColumns: (values) => withSeconds(values[0]),
};
