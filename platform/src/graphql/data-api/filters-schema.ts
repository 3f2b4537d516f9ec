import type { FilterOperator, GraphQLKind } from '../../field-types/field-type.ts';
import { RELATIVE_RANGES } from '../../query/filter-operators.ts';

/** The GraphQL input type name of one operand of a field type's filter operators. */
export function operandType(kind: GraphQLKind, optionEnum?: string): string | undefined {
  switch (kind) {
    case 'String': case 'StringList': return 'String';
    case 'Int': return 'Int';
    case 'Float': case 'Decimal': case 'Currency': return 'Float';
    case 'Boolean': return 'Boolean';
    case 'ID': case 'Reference': case 'User': case 'File': return 'ID';
    case 'Date': return 'Date';
    case 'DateTime': return 'DateTime';
    case 'Enum': case 'EnumList': return optionEnum;
    default: return undefined;
  }
}

export { RELATIVE_RANGES };

export type FilterFieldSpec = { name: string; type: string; list?: boolean; description?: string };

/** The input fields of a filter over one field type: one per operator (relative dates expand). `list`: over an array of strings. */
export function filterFields(operators: readonly FilterOperator[], operand: string | undefined, options: { list?: boolean; composite?: string } = {}): FilterFieldSpec[] {
  const fields: FilterFieldSpec[] = [];
  for (const op of operators) {
    switch (op) {
      case 'eq': case 'neq': case 'gt': case 'gte': case 'lt': case 'lte':
        if (operand) fields.push({ name: op, type: operand });
        break;
      case 'in': case 'nin':
        if (operand) fields.push({ name: op, type: operand, list: true });
        break;
      case 'isNull':
        fields.push({ name: op, type: 'Boolean', description: 'true: no value; false: any value' });
        break;
      case 'like': case 'ilike':
        fields.push({ name: op, type: 'String', description: 'SQL pattern: % any run, _ one character' });
        break;
      case 'contains':
        fields.push(options.list ? { name: op, type: 'String', description: 'has this element (exact)' } : { name: op, type: 'String', description: 'case-insensitive' });
        break;
      case 'startsWith': case 'endsWith':
        fields.push({ name: op, type: 'String', description: 'case-insensitive' });
        break;
      case 'containsAny': case 'containsAll':
        if (operand) fields.push({ name: op, type: operand, list: true });
        break;
      case 'relative':
        for (const name of Object.keys(RELATIVE_RANGES)) fields.push({ name, type: 'Boolean' });
        fields.push({ name: 'lastNDays', type: 'Int', description: 'the last n days, today included' });
        fields.push({ name: 'nextNDays', type: 'Int', description: 'today and the next n days' });
        break;
      case 'within':
        fields.push({ name: 'within', type: 'GeoWithin' });
        break;
      case 'under': case 'above':
        fields.push({ name: op, type: 'ID', description: op === 'under' ? 'a descendant of this record (not the record itself)' : 'an ancestor of this record (not the record itself)' });
        break;
      case 'overlaps':
        // Over a composite range: the operand has the value's own shape (DateRangeInput).
        if (options.composite) fields.push({ name: 'overlaps', type: `${options.composite}Input`, description: 'shares at least one day with this range (a missing end is open)' });
        break;
    }
  }
  return fields;
}
