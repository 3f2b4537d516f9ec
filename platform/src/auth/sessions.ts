import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { matches, PRINCIPAL_COLUMNS, principalFrom, type ForgetFilter, type Principal, type PrincipalRow } from './authenticate.ts';

/** Sessions last 12 hours after the last request (sliding). */
export const SESSION_TTL_MS = 12 * 3600_000;
/** The expiry is pushed forward (one write) at most once a minute. */
const RENEW_INTERVAL_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface Session {
  /** SHA-256 of the cookie's token: what tessera.sessions.id holds. */
  id: string;
  principal: Principal;
  email: string;
  csrfToken: string;
  expiresAt: number;
  renewedAt: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function csrfMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface SessionRow extends PrincipalRow { id: string; csrf_token: string; expires_at: string; last_seen_at: string; email: string }

/**
 * Studio sessions. The cookie carries a random 256-bit token; only its SHA-256 is stored, so a
 * read of the table gives no usable cookie. Resolved sessions are cached for a few seconds, like
 * API keys; logout and user changes forget them at once on this server.
 */
export class SessionStore {
  private readonly sql: SqlRunner;
  private readonly cache = new LRUCache<string, Session>({ max: 10_000, ttl: 10_000 });

  constructor(sql: SqlRunner) {
    this.sql = sql;
  }

  /** Opens a session; returns the cookie token (shown once) and the CSRF token. */
  async create(tenantId: string, userId: string): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.sql.query('delete from tessera.sessions where user_id = $1 and expires_at < now()', [userId]);
    await this.sql.query('insert into tessera.sessions (id, tenant_id, user_id, csrf_token, expires_at) values ($1, $2, $3, $4, $5)',
      [hashToken(token), tenantId, userId, csrfToken, expiresAt]);
    return { token, csrfToken, expiresAt };
  }

  /** The live session of a cookie token, or undefined; `renewed` says the expiry was just pushed forward. */
  async resolve(token: string): Promise<{ session: Session; renewed: boolean } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const now = Date.now();
    let session = this.cache.get(token);
    if (session && session.expiresAt <= now) {
      this.cache.delete(token);
      session = undefined;
    }
    session ??= await this.load(token);
    if (!session) return undefined;
    if (now - session.renewedAt < RENEW_INTERVAL_MS) return { session, renewed: false };
    session.renewedAt = now;
    session.expiresAt = now + SESSION_TTL_MS;
    await this.sql.query('update tessera.sessions set last_seen_at = now(), expires_at = $2 where id = $1', [session.id, new Date(session.expiresAt)]);
    return { session, renewed: true };
  }

  private async load(token: string): Promise<Session | undefined> {
    const id = hashToken(token);
    const [row] = await this.sql.query<SessionRow>(
      `select s.id, s.csrf_token, s.expires_at, s.last_seen_at, u.email, ${PRINCIPAL_COLUMNS}
       from tessera.sessions s join tessera.users u on u.id = s.user_id join tessera.tenants t on t.id = s.tenant_id
       where s.id = $1 and s.expires_at > now()`, [id]);
    if (!row || !row.is_active) return undefined;
    const session: Session = {
      id, principal: principalFrom(row, 'studio', null, row.password_set_by), email: row.email, csrfToken: row.csrf_token,
      expiresAt: new Date(row.expires_at).getTime(), renewedAt: new Date(row.last_seen_at).getTime(),
    };
    this.cache.set(token, session);
    return session;
  }

  /** Ends the session of a cookie token (logout). */
  async destroy(token: string): Promise<void> {
    this.cache.delete(token);
    if (TOKEN.test(token)) await this.sql.query('delete from tessera.sessions where id = $1', [hashToken(token)]);
  }

  /** Ends every session of a user (deactivated, password reset by an admin). */
  async endUserSessions(userId: string): Promise<void> {
    this.forget({ userId });
    await this.sql.query('delete from tessera.sessions where user_id = $1', [userId]);
  }

  /** Forgets cached sessions (all, or those of one user or tenant): the next request reads the tables again. */
  forget(filter?: ForgetFilter): void {
    if (!filter) return this.cache.clear();
    const stale: string[] = [];
    for (const [token, session] of this.cache.entries()) if (matches(session.principal, filter)) stale.push(token);
    for (const token of stale) this.cache.delete(token);
  }
}
