import type { FieldValues, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../../api/graphql.ts';

/** The field a refusal detail is about: its `field`, else the pointer's segment after `/data`. */
export function detailField(detail: { pointer: string; field?: string }): string | undefined {
  if (detail.field) return detail.field;
  const parts = detail.pointer.split('/');
  const at = parts.indexOf('data');
  return at >= 0 ? parts[at + 1] : parts[1];
}

/**
 * Puts the server's refusal on the inputs it is about (setError by field or pointer); returns the
 * message for the form as a whole (details about no field of the form, or an error without details).
 */
export function applyServerError(error: unknown, fields: Set<string>, setError: UseFormSetError<FieldValues>): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const rest: string[] = [];
  let focused = false;
  for (const detail of error.details) {
    const name = detailField(detail);
    if (name && fields.has(name)) {
      setError(name, { type: 'server', message: detail.message }, { shouldFocus: !focused });
      focused = true;
    } else rest.push(detail.message);
  }
  if (error.details.length === 0) return error.message;
  return rest.length ? rest.join('; ') : undefined;
}
