import { ApiError, dataApi } from '../../api/graphql.ts';

/** One duplicate as a refused write (`extensions.duplicates`) or `findDuplicates` tells of it. */
export interface DuplicateMatch {
  rule: string;
  action: 'BLOCK' | 'WARN';
  fields: string[];
  /** Absent: a record the user may not read (it exists, nothing more). */
  id?: string | null;
  score?: number | null;
  hidden?: boolean;
}

export interface DuplicateRefusal {
  matches: DuplicateMatch[];
  /** Only WARN rules matched: the same write with `allowDuplicates: true` goes through. */
  overridable: boolean;
}

/** The duplicates a refused write names (CONFLICT with `extensions.duplicates`), or null for any other error. */
export function duplicateRefusal(error: unknown): DuplicateRefusal | null {
  if (!(error instanceof ApiError)) return null;
  const ext = error.errors.find((e) => Array.isArray(e.extensions?.duplicates))?.extensions;
  if (!ext) return null;
  // Matches with another record of the same write (batchRecord) have no id: a form writes one record.
  const matches = (ext.duplicates as DuplicateMatch[]).filter((m) => m.id || m.hidden);
  return { matches, overridable: ext.allowDuplicates === true };
}

/** The readable matches' record ids, best first, once each. */
export const matchIds = (matches: readonly DuplicateMatch[]): string[] => [...new Set(matches.filter((m) => m.id).map((m) => m.id!))];

/** `findDuplicates` for a record's values (`id`: the record itself, not its own duplicate). */
export async function findDuplicates(object: string, data: Record<string, unknown>, id?: string): Promise<DuplicateMatch[]> {
  const res = await dataApi<{ findDuplicates: DuplicateMatch[] }>(
    'query($o: String!, $d: JSON!, $id: ID) { findDuplicates(object: $o, data: $d, id: $id) { rule action fields id score hidden } }', { o: object, d: data, id });
  return res.findDuplicates;
}

/** A record's values as findDuplicates takes them: its own scalar fields (lookups and composite values left out). */
export function duplicateProbe(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => ['string', 'number', 'boolean'].includes(typeof record[f])).map((f) => [f, record[f]]));
}

/** The merge screen's address for these records (the first default master is chosen there). */
export const mergePath = (object: string, ids: readonly string[]) => `/o/${object}/merge?ids=${ids.map(encodeURIComponent).join(',')}`;
