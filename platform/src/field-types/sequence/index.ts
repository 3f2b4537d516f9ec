import type { FieldType } from '../field-type.ts';
import { nullable, ORDERED, passThrough, singleColumn } from '../_shared/single-column.ts';
import propertiesSchemaFile from './sequence.schema.json' with { type: 'json' };
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const propertiesSchema = withApiNames(propertiesSchemaFile);

/**
 * A record's position in an ordered list (drag ordering): an integer 1..n, gapless, per parent
 * (`scope`: a lookup or master-detail field of the object) or per object. A create without a
 * position goes last; writing a position moves the record there and its neighbours make room;
 * deletes close the gap. The `positions` save hook keeps this on every write path (sequence/hook.ts).
 */
export const sequence: FieldType = {
  name: 'sequence',
  label: { en: 'Position', 'zh-CN': '排序位置' },
  propertiesSchema,
  check: (field) => (field.required ? [{ pointer: '/required', message: 'a position is assigned when none is given: it cannot be required' }] : []),
  columns: (field) => singleColumn(field, 'integer'),
  valueSchema: (field) => nullable(field, { type: 'integer', minimum: 1, maximum: 2_147_483_647 }),
  graphql: 'Int',
  operators: ORDERED,
  widget: 'sequence',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, aggregates: ['min', 'max'] },
  ...passThrough,
};
