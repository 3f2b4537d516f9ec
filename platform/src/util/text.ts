import { PlatformError, type ErrorDetail } from '../errors/index.ts';

/**
 * Text the platform can store and compare: PostgreSQL's `text` and `jsonb` cannot hold NUL
 * (U+0000), and a lone UTF-16 surrogate is no Unicode character at all (the driver would silently
 * write U+FFFD in its place). Such strings are refused wherever they enter — HTTP bodies, GraphQL
 * literals, record values, filters, cursors, metadata — with the pointer of the offending value.
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'holds a NUL character (U+0000), which cannot be stored';
  if (!value.isWellFormed()) return 'is not well-formed Unicode (a lone surrogate)';
  return undefined;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The first string (value or key) of a JSON value that cannot be stored, with its JSON pointer. Bounded in depth. */
export function findBadText(value: unknown, pointer = '', depth = 0): ErrorDetail | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { pointer, message: problem } : undefined;
  }
  if (value === null || typeof value !== 'object' || depth > 200) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], `${pointer}/${i}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const at = `${pointer}/${escapePointer(key)}`;
    const problem = textProblem(key);
    if (problem) return { pointer: at, message: `its name ${problem}` };
    const found = findBadText((value as Record<string, unknown>)[key], at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws BAD_USER_INPUT naming the first string of `value` that cannot be stored. */
export function assertStorableText(value: unknown, pointer = '', what = 'The input'): void {
  const found = findBadText(value, pointer);
  if (found) throw new PlatformError('BAD_USER_INPUT', `${what} at ${found.pointer || '/'} ${found.message}`, { details: [found] });
}
