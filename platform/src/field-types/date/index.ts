import type { FieldType } from '../field-type.ts';
import { nullable, notValidAs, singleColumn } from '../_shared/single-column.ts';
import { TEMPORAL, TEMPORAL_CAPABILITIES } from '../_shared/temporal.ts';
import propertiesSchema from './date.schema.json' with { type: 'json' };

/** A calendar day without a time, stored as `date` and exchanged as `YYYY-MM-DD`. */
export const date: FieldType = {
  name: 'date',
  label: { en: 'Date', 'zh-CN': '日期' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'date'),
  valueSchema: (field) => nullable(field, { type: 'string', format: 'date' }),
  graphql: 'Date',
  operators: TEMPORAL,
  widget: 'date',
  capabilities: TEMPORAL_CAPABILITIES,
  rejectsText: (_field, value) => notValidAs(value, 'date'),
  toColumns: (value) => [value ?? null],
  // The pool returns `date` as a string; a Date (another pool's parsing) is read as a UTC day.
  fromColumns: ([value]) => (value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? null)),
};
