import type { FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { nullable, ORDERED, singleColumn } from '../_shared/single-column.ts';
import { toNumber } from '../_shared/numeric.ts';
import propertiesSchema from './rating.schema.json' with { type: 'json' };

const maxOf = (field: ResolvedField): number => Number(field.max ?? 5);

/** A rating from 1 to `max` (default 5) stars, stored as `integer`; no value means not rated. */
export const rating: FieldType = {
  name: 'rating',
  label: { en: 'Rating', 'zh-CN': '评分' },
  propertiesSchema,
  resolve: (field) => ({ max: 5, ...field }),
  columns: (field) => singleColumn(field, 'integer'),
  valueSchema: (field) => nullable(field, { type: 'integer', minimum: 1, maximum: maxOf(field) }),
  graphql: 'Int',
  operators: ORDERED,
  widget: 'rating',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, aggregates: ['avg', 'min', 'max', 'countDistinct'] },
  // CASE, not OR: PostgreSQL does not promise to test validity before casting.
  rejectsText: (field, value) => `(CASE WHEN pg_input_is_valid(${value}, 'integer') THEN ${value}::integer NOT BETWEEN 1 AND ${maxOf(field)} ELSE true END)`,
  toColumns: (value) => [value ?? null],
  fromColumns: (values) => toNumber(values[0]),
};
