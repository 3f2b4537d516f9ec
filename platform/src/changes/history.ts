import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';

/** One entry of the configuration history, as the audit trail shows it. */
export interface HistoryRecord {
  /** Its place in the tenant's history (commit order); the cursor. */
  seq: number;
  /** The metadata version after the change, and the security version. */
  version: number;
  securityVersion: number | null;
  at: string;
  /** The author; null for the system (CLI, templates). */
  actor: { id: string; name: string; email: string } | null;
  via: string;
  kind: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export interface HistoryPage {
  entries: HistoryRecord[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface HistoryQuery {
  /** Newest first: at most this many (1–200). */
  first: number;
  /** A cursor from a previous page: the entries older than it. */
  after?: string | null;
  /** The kinds the reader may see (their capability decides); an entry of another kind is never read. */
  visibleKinds: readonly string[];
  /** Narrowing, from the reader: only these kinds, only this author (`system`: changes without one), a target containing this text. */
  kinds?: readonly string[] | null;
  actor?: string | null;
  target?: string | null;
}

const MAX_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const historyCursor = (seq: number): string => Buffer.from(`history:${seq}`).toString('base64url');

function seqOf(cursor: string): number {
  const m = /^history:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new PlatformError('BAD_USER_INPUT', 'Not a cursor of the metadata history', { details: [{ pointer: '/after', message: 'is not a history cursor' }] });
  return Number(m[1]);
}

/** A page of a tenant's configuration history, newest first, read in one query. */
export async function readHistory(sql: SqlRunner, tenantId: string, query: HistoryQuery): Promise<HistoryPage> {
  if (!Number.isInteger(query.first) || query.first < 1 || query.first > MAX_PAGE) {
    throw new PlatformError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}`, { details: [{ pointer: '/first', message: `must be 1-${MAX_PAGE}` }] });
  }
  const kinds = query.kinds?.length ? query.visibleKinds.filter((k) => query.kinds!.includes(k)) : [...query.visibleKinds];
  const params: unknown[] = [tenantId, kinds, query.first + 1];
  const where = ['h.tenant_id = $1', 'h.kind = any($2::text[])'];
  if (query.after) where.push(`h.seq < $${params.push(seqOf(query.after))}`);
  if (query.actor === 'system') where.push('h.actor_id is null');
  else if (query.actor) {
    if (!UUID.test(query.actor)) throw new PlatformError('BAD_USER_INPUT', 'actor is a user id or "system"', { details: [{ pointer: '/filter/actor', message: 'is not a user id' }] });
    where.push(`h.actor_id = $${params.push(query.actor)}`);
  }
  if (query.target) where.push(`strpos(lower(h.target), lower($${params.push(query.target)})) > 0`);
  const rows = await sql.query<{
    seq: string; version: string; security_version: string | null; at: Date | string; actor_id: string | null; name: string | null; email: string | null;
    via: string; kind: string; action: string; target: string; before: unknown; after: unknown;
  }>(
    `select h.seq, h.version, h.security_version, h.at, h.actor_id, u.name, u.email, h.via, h.kind, h.action, h.target, h.before, h.after
       from tessera.metadata_history h left join tessera.users u on u.id = h.actor_id
      where ${where.join(' and ')}
      order by h.seq desc limit $3`, params);
  const entries = rows.slice(0, query.first).map((r): HistoryRecord => ({
    seq: Number(r.seq), version: Number(r.version), securityVersion: r.security_version === null ? null : Number(r.security_version),
    at: new Date(r.at).toISOString(),
    actor: r.actor_id ? { id: r.actor_id, name: r.name ?? '', email: r.email ?? '' } : null,
    via: r.via, kind: r.kind, action: r.action, target: r.target, before: r.before, after: r.after,
  }));
  return { entries, hasNextPage: rows.length > query.first, endCursor: entries.length ? historyCursor(entries.at(-1)!.seq) : null };
}
