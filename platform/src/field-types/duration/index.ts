import type { FieldType } from '../field-type.ts';
import { nullable, ORDERED, singleColumn } from '../_shared/single-column.ts';
import { toNumber } from '../_shared/numeric.ts';
import propertiesSchema from './duration.schema.json' with { type: 'json' };

const SQL_TYPE = 'numeric(15,3)';

/**
 * A length of time in seconds (milliseconds kept), stored as `numeric(15,3)`. The data API takes and
 * gives a number of seconds, so that durations filter, sort, sum and average as numbers; the studio
 * reads and writes them as people do (`1h 30m`, `01:30:00`, ISO 8601 `PT1H30M`) and converts.
 */
export const duration: FieldType = {
  name: 'duration',
  label: { en: 'Duration', 'zh-CN': '时长' },
  propertiesSchema,
  columns: (field) => singleColumn(field, SQL_TYPE),
  valueSchema: (field) => nullable(field, { type: 'number', minimum: 0, exclusiveMaximum: 1e12 }),
  graphql: 'Float',
  operators: ORDERED,
  widget: 'duration',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, aggregates: ['sum', 'avg', 'min', 'max'] },
  rejectsText: (_field, value) => `(CASE WHEN pg_input_is_valid(${value}, '${SQL_TYPE}') THEN ${value}::numeric < 0 ELSE true END)`,
  toColumns: (value) => [value ?? null],
  fromColumns: (values) => toNumber(values[0]),
};
