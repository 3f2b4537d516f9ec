import type { GraphQLResponse } from '../support/server.ts';

/**
 * Attempts and their outcomes against the oracle. A leak is anything the user got that the oracle
 * says they may not have: a record, a field value, a count or a group above the oracle's, a write
 * that succeeded, or FORBIDDEN where NOT_FOUND was due (it tells the record exists). A miss is the
 * other way round (the platform refused or hid what the user may have): not a leak, still wrong.
 */
export class Tally {
  readonly name: string;
  attempts = 0;
  readonly byPath = new Map<string, number>();
  readonly leaks: string[] = [];
  readonly misses: string[] = [];

  constructor(name: string) {
    this.name = name;
  }

  attempt(path: string, n = 1): void {
    this.attempts += n;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + n);
  }

  leak(message: string): void {
    this.leaks.push(message);
  }

  miss(message: string): void {
    this.misses.push(message);
  }

  report(): string {
    const paths = [...this.byPath].map(([p, n]) => `${p} ${n}`).join(', ');
    const sample = (list: string[]) => list.slice(0, 15).map((m) => `    ${m}`).join('\n');
    return [
      `${this.name}: ${this.attempts} attempts, ${this.leaks.length} leaks, ${this.misses.length} misses (${paths})`,
      ...(this.leaks.length ? ['  leaks:', sample(this.leaks)] : []),
      ...(this.misses.length ? ['  misses:', sample(this.misses)] : []),
    ].join('\n');
  }
}

/** The error code of one root field (by alias) of a response, or of the response. */
export function codeOf(res: GraphQLResponse, alias?: string): string | undefined {
  const errors = res.errors ?? [];
  const e = alias ? errors.find((x) => x.path?.[0] === alias) ?? (errors.length && !res.data ? errors[0] : undefined) : errors[0];
  return e?.extensions?.code ?? (e ? 'UNKNOWN' : undefined);
}

export type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND';

/**
 * Compares a refused-or-not answer with the oracle: `expected` an error code or OK. Returns the
 * field's data when the platform answered and the oracle expected an answer.
 */
export function judge<T = any>(tally: Tally, where: string, expected: Outcome, res: GraphQLResponse, alias: string): T | undefined {
  const code = codeOf(res, alias);
  const data = (res.data as Record<string, unknown> | null | undefined)?.[alias];
  if (expected === 'OK') {
    if (code || res.status !== 200) tally.miss(`${where}: expected an answer, got ${code ?? res.status} ${JSON.stringify(res.errors?.[0]?.message ?? '')}`);
    return code ? undefined : (data as T);
  }
  if (!code) {
    if (data !== null && data !== undefined) tally.leak(`${where}: expected ${expected}, got ${JSON.stringify(data).slice(0, 200)}`);
    else tally.miss(`${where}: expected ${expected}, got null without an error`);
  } else if (code !== expected) {
    if (expected === 'NOT_FOUND' && code === 'FORBIDDEN') tally.leak(`${where}: FORBIDDEN tells that a record the user cannot see exists`);
    else tally.miss(`${where}: expected ${expected}, got ${code}: ${res.errors?.[0]?.message}`);
  }
  return undefined;
}
