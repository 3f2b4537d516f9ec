import type { FieldType } from '../field-type.ts';
import { EQUALITY, nullable, passThrough, singleColumn } from '../_shared/single-column.ts';
import { checkOptions, optionValues, resolveOptions } from '../_shared/options.ts';
import { quoteLiteral } from '../../storage/sql/quote.ts';
import propertiesSchema from './select.schema.json' with { type: 'json' };

/** One value from a list of options, stored as the option's `value` in a `text` column. */
export const select: FieldType = {
  name: 'select',
  label: { en: 'Select', 'zh-CN': '单选' },
  propertiesSchema,
  resolve: resolveOptions,
  check: checkOptions,
  columns: (field) => singleColumn(field, 'text'),
  valueSchema: (field) => nullable(field, { enum: optionValues(field) }),
  graphql: 'Enum',
  operators: EQUALITY,
  widget: 'select',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct'] },
  rejectsText: (field, value) => `${value} NOT IN (${optionValues(field).map(quoteLiteral).join(', ')})`,
  ...passThrough,
};
