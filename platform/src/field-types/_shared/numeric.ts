import type { DefinitionProblem } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';

/** `numeric(p,s)` for a resolved number, percent or currency field. */
export function numericSqlType(field: ResolvedField): string {
  return `numeric(${Number(field.precision)},${Number(field.scale)})`;
}

/** The largest absolute value a numeric(p, s) holds, as a JSON Schema bound. */
export function numericBound(field: ResolvedField): number {
  return 10 ** ((field.precision ?? 18) - (field.scale ?? 2));
}

export function checkScale(field: ResolvedField): DefinitionProblem[] {
  return (field.scale ?? 0) > (field.precision ?? 0) ? [{ pointer: '/scale', message: 'must not exceed precision' }] : [];
}

/** The API value of a numeric column: pg returns `numeric` as a string to keep its precision. */
export function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
