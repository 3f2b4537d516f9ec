import type { ColumnSpec, FieldType } from '../field-type.ts';
import { nullable, passThrough } from '../_shared/single-column.ts';
import { checkOptions, optionValues, resolveOptions } from '../_shared/options.ts';
import { arrayLiteral } from '../_shared/string-array.ts';
import propertiesSchema from './multiSelect.schema.json' with { type: 'json' };

/** Any number of values from a list of options, stored as a `text[]` of option values. */
export const multiSelect: FieldType = {
  name: 'multiSelect',
  label: { en: 'Multi-select', 'zh-CN': '多选' },
  propertiesSchema,
  resolve: resolveOptions,
  check: checkOptions,
  columns: (field) => {
    const column: ColumnSpec = { column: field.name, sqlType: 'text[]', notNull: field.required };
    if (Array.isArray(field.defaultValue)) column.defaultSql = arrayLiteral(field.defaultValue);
    return [column];
  },
  valueSchema: (field) => nullable(field, { type: 'array', items: { enum: optionValues(field) }, uniqueItems: true }),
  graphql: 'EnumList',
  operators: ['containsAny', 'containsAll', 'isNull'],
  widget: 'multiSelect',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
  // pg sends a JS array as a PostgreSQL array and parses `text[]` back into one.
  ...passThrough,
};
