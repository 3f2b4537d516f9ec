import type { FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { singleColumn } from './single-column.ts';

/** The field's maxLength, or the type's default when it was not resolved. */
export function maxLengthOf(field: ResolvedField, fallback: number): number {
  return Number(field.maxLength ?? fallback);
}

/** `length(value) > maxLength`: the rejectsText part shared by every length-bounded text type. */
export function tooLong(field: ResolvedField, value: string, fallback: number): string {
  return `length(${value}) > ${maxLengthOf(field, fallback)}`;
}

/** resolve/check/columns of a type stored as `text` whose values are bounded by `maxLength`. */
export function boundedText(fallback: number): Pick<FieldType, 'resolve' | 'check' | 'columns'> {
  return {
    resolve: (field) => ({ maxLength: fallback, ...field }),
    check: (field) =>
      typeof field.defaultValue === 'string' && field.defaultValue.length > maxLengthOf(field, fallback)
        ? [{ pointer: '/defaultValue', message: 'is longer than maxLength' }]
        : [],
    columns: (field) => singleColumn(field, 'text'),
  };
}
