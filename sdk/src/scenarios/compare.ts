/**
 * How an `expect` compares a record's value with the scenario's: a lookup read back as an object (or
 * an id) equals the id given; numbers equal their decimal strings; instants equal by time; objects
 * compare the keys the scenario names; null means empty (null, undefined, '' or []).
 */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0);
  if (actual === null || actual === undefined) return false;
  if (typeof expected === 'string' && typeof actual === 'object' && !Array.isArray(actual) && 'id' in (actual as object)) return (actual as { id: unknown }).id === expected;
  if (typeof expected === 'number' && typeof actual === 'string') return actual.trim() !== '' && Number(actual) === expected;
  if (typeof expected === 'string' && typeof actual === 'number') return expected.trim() !== '' && Number(expected) === actual;
  if (typeof expected === 'string' && typeof actual === 'string') {
    if (expected === actual) return true;
    const instant = /^\d{4}-\d\d-\d\dT/;
    return instant.test(expected) && instant.test(actual) && Date.parse(expected) === Date.parse(actual);
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameValue(actual[i], e));
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => sameValue((actual as Record<string, unknown>)[k], v));
  }
  return actual === expected;
}

/** The value at a dot path (`data.submitForApproval.id`, `data.items.0.id`), or undefined. */
export function valueAt(root: unknown, dotPath: string): unknown {
  let value = root;
  for (const part of dotPath.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
