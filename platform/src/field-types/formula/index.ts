import type { FieldType, FieldTypeCapabilities, FilterOperator, GraphQLKind, Widget } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { EQUALITY, ORDERED, TEXTUAL } from '../_shared/single-column.ts';
import { TEMPORAL, TEMPORAL_CAPABILITIES } from '../_shared/temporal.ts';
import propertiesSchema from './formula.schema.json' with { type: 'json' };

/** What a formula gives: a subset of the field types, named as they are. */
export type FormulaReturnType = 'number' | 'text' | 'boolean' | 'date' | 'dateTime';

/** The traits of a formula that depend on its return type: those of a stored field of that type. */
const BY_RETURN_TYPE: Record<FormulaReturnType, { graphql: GraphQLKind; operators: readonly FilterOperator[]; widget: Widget; sqlType: string; capabilities: FieldTypeCapabilities }> = {
  number: { graphql: 'Float', operators: ORDERED, widget: 'number', sqlType: 'numeric', capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, aggregates: ['sum', 'avg', 'min', 'max', 'countDistinct'] } },
  text: { graphql: 'String', operators: TEXTUAL, widget: 'text', sqlType: 'text', capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct', 'min', 'max'] } },
  boolean: { graphql: 'Boolean', operators: EQUALITY.filter((o) => o !== 'in' && o !== 'nin'), widget: 'checkbox', sqlType: 'boolean', capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct'] } },
  date: { graphql: 'Date', operators: TEMPORAL, widget: 'date', sqlType: 'date', capabilities: { ...TEMPORAL_CAPABILITIES, uniqueable: false } },
  dateTime: { graphql: 'DateTime', operators: TEMPORAL, widget: 'dateTime', sqlType: 'timestamptz', capabilities: { ...TEMPORAL_CAPABILITIES, uniqueable: false } },
};

const NONE = {};

/** A field as the model shows a formula: `type` is its return type, `computed` says it is a formula. */
export const isFormula = (field: ResolvedField): boolean => field.computed === 'formula' || field.type === 'formula';

export const returnTypeOf = (field: ResolvedField): FormulaReturnType => field.returnType as FormulaReturnType;

/** The SQL type of a formula's value (filters cast their operands to it, cursors their keys). */
export const formulaSqlType = (field: ResolvedField): string => BY_RETURN_TYPE[returnTypeOf(field)].sqlType;

/**
 * A value computed from the record by an expression (`expression`, `returnType`): it owns no column.
 * The query compiler writes the expression into the statement wherever the field is read, filtered,
 * sorted, grouped or aggregated (query/plan/formulas.ts), so that it behaves as a stored field of its
 * return type; inputs never carry it (read-only). The expression is checked against the object when
 * the catalog changes (it may read fields, lookups and other formulas' inputs).
 */
export const formula: FieldType = {
  name: 'formula',
  label: { en: 'Formula', 'zh-CN': '公式' },
  propertiesSchema,
  check: (field) => [
    ...(field.required ? [{ pointer: '/required', message: 'a formula is computed: it cannot be required' }] : []),
    ...(field.defaultValue !== undefined ? [{ pointer: '/defaultValue', message: 'a formula is computed: it has no default value' }] : []),
  ],
  columns: () => [],
  // Nothing is accepted: a formula is read-only in every input.
  valueSchema: () => ({ not: {} }),
  graphql: 'String',
  operators: [],
  widget: 'text',
  capabilities: { sortable: false, filterable: false, groupable: false, uniqueable: false, aggregates: [] },
  computed: true,
  forField: (field) => BY_RETURN_TYPE[returnTypeOf(field)] ?? NONE,
  readAs: (field) => ({ ...field, type: returnTypeOf(field), computed: 'formula' }),
  toColumns: () => [],
  fromColumns: () => null,
};
