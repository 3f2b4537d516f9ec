import type { FieldType } from '../field-type.ts';
import { nullable, notValidAs, singleColumn } from '../_shared/single-column.ts';
import { TEMPORAL, TEMPORAL_CAPABILITIES } from '../_shared/temporal.ts';
import propertiesSchema from './dateTime.schema.json' with { type: 'json' };

/** An instant, stored as `timestamptz` and exchanged as an ISO 8601 string (UTC on the way out). */
export const dateTime: FieldType = {
  name: 'dateTime',
  label: { en: 'Date/time', 'zh-CN': '日期时间' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'timestamptz'),
  valueSchema: (field) => nullable(field, { type: 'string', format: 'date-time' }),
  graphql: 'DateTime',
  operators: TEMPORAL,
  widget: 'dateTime',
  capabilities: TEMPORAL_CAPABILITIES,
  rejectsText: (_field, value) => notValidAs(value, 'timestamptz'),
  toColumns: (value) => [value ?? null],
  fromColumns: ([value]) =>
    value === null || value === undefined ? null : new Date(value as string | number | Date).toISOString(),
};
