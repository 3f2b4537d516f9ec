import type { FieldType } from '../field-type.ts';
import { nullable, passThrough, singleColumn } from '../_shared/single-column.ts';
import propertiesSchemaFile from './tree.schema.json' with { type: 'json' };
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const propertiesSchema = withApiNames(propertiesSchemaFile);

/**
 * A record's parent in a hierarchy of its own object (categories, territories, an org chart): a
 * lookup to the same object (a uuid column with a foreign key and its index; `target` is set to
 * the field's object when the object is resolved), read as one and with its children connection.
 *
 * Filters: the lookup's id operators (`{parent: {eq: id}}` = direct children, `isNull` = roots) and
 * `under: id` (every descendant) / `above: id` (every ancestor), each a recursive CTE over the
 * parent column (query/plan/tree.ts). Why a recursive walk and not a materialised path: a move is
 * one UPDATE of one row, never a rewrite of the whole subtree (at 1M records a path column turns
 * moving a top node into a million-row write and lock); `under` costs one index probe on
 * `<field>` per descendant — the same order as reading the answer — and `above` one primary-key
 * probe per level. Cycles are refused on every write path (the `hierarchy` save hook).
 */
export const tree: FieldType = {
  name: 'tree',
  label: { en: 'Parent (tree)', 'zh-CN': '上级（树）' },
  propertiesSchema,
  resolve: (field) => ({ onDelete: 'setNull', ...field }),
  check: (field) =>
    field.required ? [{ pointer: '/required', message: 'a tree field cannot be required: the roots have no parent' }] : [],
  columns: (field) => singleColumn(field, 'uuid'),
  valueSchema: (field) => nullable(field, { type: 'string', format: 'uuid' }),
  graphql: 'Reference',
  operators: ['eq', 'neq', 'in', 'nin', 'isNull', 'under', 'above'],
  widget: 'tree',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct'] },
  reference: (field) => ({ target: field.target as string, onDelete: field.onDelete ?? 'setNull' }),
  selfReference: true,
  ...passThrough,
};
