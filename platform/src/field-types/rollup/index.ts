import type { ColumnSpec, DefinitionProblem, FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { ORDERED } from '../_shared/single-column.ts';
import { partName } from '../_shared/part-column.ts';
import { toNumber } from '../_shared/numeric.ts';
import propertiesSchemaFile from './rollup.schema.json' with { type: 'json' };
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const propertiesSchema = withApiNames(propertiesSchemaFile);

export type RollupAggregate = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVG';

/** A roll-up's definition, read from its field: `relation` split into the child object and its lookup field. */
export interface RollupDefinition {
  child: string;
  lookup: string;
  aggregate: RollupAggregate;
  field?: string;
  filter?: string;
}

export function rollupDefinition(field: ResolvedField): RollupDefinition {
  const [child, lookup] = String(field.relation ?? '').split('.');
  return {
    child, lookup, aggregate: field.aggregate as RollupAggregate,
    ...(typeof field.field === 'string' ? { field: field.field } : {}),
    ...(typeof field.filter === 'string' ? { filter: field.filter } : {}),
  };
}

/** The columns of a roll-up: its value, and the count and sum of what it aggregates (what keeps it incrementally). */
export function rollupColumns(field: ResolvedField): { value: string; count: string; sum: string } {
  return { value: field.name, count: partName(field, 'count'), sum: partName(field, 'sum') };
}

/**
 * A value aggregated from a parent's children (`relation`: `<child object>.<lookup field>`): COUNT
 * of the children, or SUM, MIN, MAX, AVG of a number field of theirs (`field`), of those children
 * only for which `filter` (an expression over the child) is TRUE. Stored on the parent, so it reads,
 * filters, sorts and aggregates as a stored number at no extra cost; the platform keeps it
 * (rollups/: in the transaction of each child write, incrementally), never a client (`readOnly`).
 *
 * Every aggregate owns the same three columns — the value, `<name>__count` (the children counted:
 * with a value, for all but COUNT) and `<name>__sum` (their sum) — so that a definition can move
 * between aggregates without a change of columns, and so that COUNT, SUM and AVG move by deltas and
 * MIN/MAX know when no child is left. Which relations, fields and filters are allowed depends on the
 * catalog: checked with it (rollups/check.ts).
 */
export const rollup: FieldType = {
  name: 'rollup',
  label: { en: 'Roll-up', 'zh-CN': '汇总' },
  propertiesSchema,
  check: (field) => {
    const problems: DefinitionProblem[] = [];
    if (field.required) problems.push({ pointer: '/required', message: 'a roll-up is computed from the children: it cannot be required' });
    if (field.defaultValue !== undefined) problems.push({ pointer: '/defaultValue', message: 'a roll-up is computed from the children: it has no default value' });
    if (field.unique) problems.push({ pointer: '/unique', message: 'a roll-up cannot be unique' });
    if (field.aggregate === 'COUNT' && field.field !== undefined) problems.push({ pointer: '/field', message: 'COUNT counts the children: it takes no field' });
    if (field.aggregate !== undefined && field.aggregate !== 'COUNT' && field.field === undefined) problems.push({ pointer: '/field', message: `${String(field.aggregate)} needs the child's number field to aggregate` });
    return problems;
  },
  columns: (field): ColumnSpec[] => {
    const names = rollupColumns(field);
    // COUNT and SUM of no children are 0; MIN, MAX and AVG of none are null.
    const zero = field.aggregate === 'COUNT' || field.aggregate === 'SUM';
    return [
      { column: names.value, sqlType: 'numeric', notNull: false, part: 'value', ...(zero ? { defaultSql: '0' } : {}) },
      // 0 by default (nullable only so that no write path has to know them: the platform sets them).
      { column: names.count, sqlType: 'bigint', notNull: false, defaultSql: '0', part: 'count' },
      { column: names.sum, sqlType: 'numeric', notNull: false, defaultSql: '0', part: 'sum' },
    ];
  },
  // Nothing is accepted: the platform writes it (capabilities.readOnly refuses it with its pointer first).
  valueSchema: () => ({ type: ['number', 'null'] }),
  graphql: 'Float',
  operators: ORDERED,
  widget: 'number',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, readOnly: true, aggregates: ['sum', 'avg', 'min', 'max'] },
  // Never written by an input (readOnly); a value maps to its column, the platform keeps the others.
  toColumns: (value) => [value ?? null, null, null],
  fromColumns: (values) => toNumber(values[0]),
};
