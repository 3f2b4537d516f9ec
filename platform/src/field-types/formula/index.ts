import type { FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import propertiesSchema from './formula.schema.json' with { type: 'json' };

/** What a formula gives: a subset of the field types, named as they are. */
export type FormulaReturnType = 'number' | 'text' | 'boolean' | 'date' | 'dateTime';

/** A field as the model shows a formula: `type` is its return type, `computed` says it is a formula. */
export const isFormula = (field: ResolvedField): boolean => field.computed === 'formula' || field.type === 'formula';

export const returnTypeOf = (field: ResolvedField): FormulaReturnType => field.returnType as FormulaReturnType;

/**
 * A value computed from the record by an expression (`expression`, `returnType`): it owns no column,
 * and reads as a field of its return type (GraphQL type, operators, widget, capabilities but unique).
 * The query compiler writes the expression into the statement wherever the field is read, filtered,
 * sorted, grouped or aggregated (query/plan/formulas.ts), so that it behaves as a stored field of its
 * return type; inputs never carry it (read-only). The expression is checked against the object when
 * the catalog changes (it reads the record's fields and, through lookups, related records' fields;
 * not other formulas, yet).
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
  // Read-only: no input carries it (the model shows it with its return type's other capabilities).
  capabilities: { sortable: false, filterable: false, groupable: false, uniqueable: false, aggregates: [], readOnly: true },
  computed: true,
  readAs: (field) => ({ ...field, type: returnTypeOf(field), computed: 'formula' }),
  toColumns: () => [],
  fromColumns: () => null,
};
