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

/**
 * The first string (value or key) of a JSON value that cannot be stored, with its JSON pointer.
 * Bounded in depth. Every request body is walked: the pointer is only built for a string found.
 */
export function findBadText(value: unknown, pointer = '', depth = 0): ErrorDetail | undefined {
  const found = badText(value, depth);
  if (!found) return undefined;
  let at = pointer;
  for (let i = found.path.length - 1; i >= 0; i--) {
    const segment = found.path[i];
    at += `/${typeof segment === 'number' ? segment : escapePointer(segment)}`;
  }
  return { pointer: at, message: found.message };
}

/** The path to the first bad string, innermost segment first. */
function badText(value: unknown, depth: number): { path: (string | number)[]; message: string } | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: [], message: problem } : undefined;
  }
  if (value === null || typeof value !== 'object' || depth > 200) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = badText(value[i], depth + 1);
      if (found) {
        found.path.push(i);
        return found;
      }
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const problem = textProblem(key);
    if (problem) return { path: [key], message: `its name ${problem}` };
    const found = badText((value as Record<string, unknown>)[key], depth + 1);
    if (found) {
      found.path.push(key);
      return found;
    }
  }
  return undefined;
}

/** Throws BAD_USER_INPUT naming the first string of `value` that cannot be stored. */
export function assertStorableText(value: unknown, pointer = '', what = 'The input'): void {
  const found = findBadText(value, pointer);
  if (found) throw new PlatformError('BAD_USER_INPUT', `${what} at ${found.pointer || '/'} ${found.message}`, { details: [found] });
}
