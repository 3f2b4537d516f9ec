import type { FieldType } from '../field-type.ts';
import { compositeType } from '../_shared/composite.ts';
import propertiesSchema from './dateRange.schema.json' with { type: 'json' };

const DAY = { type: 'string', format: 'date' };

const base = compositeType({
  name: 'dateRange',
  label: { en: 'Date range', 'zh-CN': '日期范围' },
  propertiesSchema,
  typeName: 'DateRange',
  widget: 'dateRange',
  parts: [
    { name: 'start', type: 'date', required: true, schema: DAY },
    { name: 'end', type: 'date', schema: DAY },
  ],
  operators: ['isNull', 'overlaps'],
});

/**
 * A span of days, both ends included, in two `date` columns (`<name>__start`, `<name>__end`); no
 * end means open (still running). Filters: each end as a date, and `overlaps: {start, end}` (either
 * may be left out: open) — true when the two spans share at least one day. An end before its start
 * is refused at `…/end` on every write path (`checkValue`, run with the value schema).
 */
export const dateRange: FieldType = {
  ...base,
  checkValue: (value) => {
    const { start, end } = (value ?? {}) as { start?: string | null; end?: string | null };
    return start && end && end < start ? [{ pointer: '/end', message: 'is before the start' }] : [];
  },
};
