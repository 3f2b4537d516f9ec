import type { ErrorDetail } from '../errors/index.ts';

/** A shipped file's path: relative segments of letters, digits, `.`, `_`, `-`. */
const SAFE_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/**
 * Problems with a package's `files`: each maps a path to text, and every path stays inside the
 * package wherever install puts its files (relative, no `.` or `..` segment, no backslash).
 * Checked by `package build` and again by the registry.
 */
export function filesProblems(files: unknown): ErrorDetail[] {
  if (files === undefined) return [];
  if (typeof files !== 'object' || files === null || Array.isArray(files) || Object.values(files).some((f) => typeof f !== 'string')) return [{ pointer: '/files', message: 'must map paths to text' }];
  return Object.keys(files)
    .filter((file) => !SAFE_PATH.test(file) || file.split('/').some((part) => part === '..' || part === '.'))
    .map((file) => ({ pointer: `/files/${file.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'must be a relative path (a/b.json) inside the package' }));
}
