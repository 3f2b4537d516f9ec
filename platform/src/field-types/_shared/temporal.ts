import type { FieldTypeCapabilities } from '../field-type.ts';
import { ORDERED } from './single-column.ts';

/** Operators of date and dateTime: ordered comparisons plus relative ranges (`last 7 days`, `this quarter`). */
export const TEMPORAL = [...ORDERED, 'relative'] as const;

/** date and dateTime sort, group into date buckets, and aggregate to their bounds. */
export const TEMPORAL_CAPABILITIES: FieldTypeCapabilities = {
  sortable: true,
  filterable: true,
  groupable: true,
  uniqueable: true,
  aggregates: ['min', 'max', 'countDistinct'],
};
