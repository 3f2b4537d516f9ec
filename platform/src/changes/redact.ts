/** Properties whose values the history never keeps: the platform's own names for password and key hashes. */
const SECRET = new Set(['password_hash', 'passwordHash', 'secret_hash', 'secretHash', 'secret']);

/**
 * A copy of a history entry's before/after without secrets: whatever a kind hands over (a row
 * read with `select *`, say), a hash or secret never reaches the history. `password: 'changed'`
 * (a marker, not a secret) stays.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.has(k) ? '[redacted]' : redact(v)]));
}
