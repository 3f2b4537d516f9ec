import { ApiError } from '../../api/graphql.ts';

/** Refused inputs by JSON pointer (`/name`, `/options/0/value`), and what no input can show. */
export interface ServerErrors {
  byPointer: Record<string, string>;
  general: string[];
}

export const NO_ERRORS: ServerErrors = { byPointer: {}, general: [] };

/**
 * Splits an error from /metadata into messages for inputs (by pointer, `prefix` removed, e.g. the
 * `/fields/0` of a nested input) and general messages. A pointer that `known` does not accept goes
 * up to its nearest known parent, or to the general messages.
 */
export function serverErrors(error: unknown, known: (pointer: string) => boolean, prefix = ''): ServerErrors {
  if (!(error instanceof ApiError)) return { byPointer: {}, general: [error instanceof Error ? error.message : String(error)] };
  const result: ServerErrors = { byPointer: {}, general: [] };
  for (const detail of error.details) {
    let pointer = detail.pointer.startsWith(prefix) ? detail.pointer.slice(prefix.length) : detail.pointer;
    while (pointer && !known(pointer)) pointer = pointer.slice(0, pointer.lastIndexOf('/'));
    if (pointer) result.byPointer[pointer] = result.byPointer[pointer] ? `${result.byPointer[pointer]}; ${detail.message}` : detail.message;
    else result.general.push(detail.pointer ? `${detail.pointer}: ${detail.message}` : detail.message);
  }
  if (error.details.length === 0) result.general.push(error.message);
  return result;
}

/** `/options/0/value` → `options.0.value` (a react-hook-form path). */
export const pointerToPath = (pointer: string) => pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
