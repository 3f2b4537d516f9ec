import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { pointerToPath, serverErrors } from './errors.ts';

/**
 * Puts a /metadata refusal on a react-hook-form form: each pointer the form knows (`alias` maps
 * pointers such as `/label/zh-CN` to form paths; otherwise `/a/0/b` → `a.0.b` when `paths` has it)
 * becomes that input's error; the rest is returned for a form-level alert.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown, setError: UseFormSetError<T>, paths: (path: string) => boolean, alias: Record<string, string> = {}, prefix = '',
): string[] {
  const toPath = (pointer: string) => alias[pointer] ?? pointerToPath(pointer);
  const { byPointer, general } = serverErrors(error, (pointer) => pointer in alias || paths(pointerToPath(pointer)), prefix);
  Object.entries(byPointer).forEach(([pointer, message], i) => {
    setError(toPath(pointer) as Path<T>, { type: 'server', message }, { shouldFocus: i === 0 });
  });
  return general;
}
