import { LRUCache } from 'lru-cache';
import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { parseApiKey, secretMatches } from './api-keys.ts';

/** Who is calling: resolved from an API key or a studio session on every request. */
export interface Principal {
  tenantId: string;
  tenantSlug: string;
  schema: string;
  userId: string;
  userName: string;
  locale: string;
  isAdmin: boolean;
  /** The user's role in the tenant's hierarchy (null: none). */
  roleId: string | null;
  apiKeyId: string | null;
  /**
   * For a key a non-administrator minted for this user, or a session signed in with a password one
   * set for them: that issuer. The credential carries at most the issuer's rights; it is refused while
   * the user's rights exceed them (http/authenticate.ts).
   */
  issuerId?: string | null;
  /** How the caller came in: an API key ('api') or a studio session cookie ('studio'). */
  via: 'api' | 'studio';
  /** The tenant's settings (API limits and the like). */
  settings: Record<string, unknown>;
}

/** The tenant and user columns a principal is made of (selected as `PRINCIPAL_COLUMNS`). */
export interface PrincipalRow {
  tenant_id: string; slug: string; schema_name: string; settings: Record<string, unknown> | null;
  user_id: string; name: string; locale: string; is_admin: boolean; is_active: boolean; role_id: string | null; password_set_by: string | null;
}

/** Select list for `tessera.users u join tessera.tenants t`. */
export const PRINCIPAL_COLUMNS = 't.id as tenant_id, t.slug, t.schema_name, t.settings, u.id as user_id, u.name, u.locale, u.is_admin, u.is_active, u.role_id, u.password_set_by';

export function principalFrom(row: PrincipalRow, via: Principal['via'], apiKeyId: string | null, issuerId: string | null = null): Principal {
  return {
    tenantId: row.tenant_id, tenantSlug: row.slug, schema: row.schema_name, userId: row.user_id, userName: row.name,
    locale: row.locale, isAdmin: row.is_admin, roleId: row.role_id, apiKeyId, issuerId, via, settings: row.settings ?? {},
  };
}

/** Which cached principals to forget; no filter forgets them all. */
export interface ForgetFilter {
  apiKeyId?: string;
  userId?: string;
  tenantId?: string;
}

export function matches(principal: Principal, filter: ForgetFilter | undefined): boolean {
  if (!filter) return true;
  return principal.apiKeyId === filter.apiKeyId || principal.userId === filter.userId || principal.tenantId === filter.tenantId;
}

interface KeyRow extends PrincipalRow { id: string; secret_hash: string; revoked_at: string | null; issued_by: string | null }

const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves `Authorization: Bearer <apiKey>` to a principal. Verified keys are cached for a few
 * seconds so the request path does not query the system tables each time; revoking a key or
 * changing its user takes effect at once on this server (`forget`), elsewhere within the TTL.
 * `last_used_at` is written at most once a minute per key, off the request path.
 */
export class ApiKeyAuthenticator {
  private readonly sql: SqlRunner;
  private readonly cache = new LRUCache<string, Principal>({ max: 10_000, ttl: 10_000 });
  private readonly touched = new LRUCache<string, number>({ max: 100_000 });

  constructor(sql: SqlRunner) {
    this.sql = sql;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw new PlatformError('UNAUTHENTICATED', 'An API key is required: send Authorization: Bearer <apiKey>');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new PlatformError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <apiKey>"');
    const key = match[1];
    const principal = this.cache.get(key) ?? (await this.lookup(key));
    this.touch(principal.apiKeyId!);
    return principal;
  }

  private async lookup(key: string): Promise<Principal> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new PlatformError('UNAUTHENTICATED', 'Unknown API key');
    const [row] = await this.sql.query<KeyRow>(
      `select k.id, k.secret_hash, k.revoked_at, k.issued_by, ${PRINCIPAL_COLUMNS}
       from tessera.api_keys k join tessera.users u on u.id = k.user_id join tessera.tenants t on t.id = k.tenant_id
       where k.prefix = $1`, [parsed.prefix]);
    if (!row || row.revoked_at || !row.is_active || !secretMatches(parsed.secret, row.secret_hash)) throw new PlatformError('UNAUTHENTICATED', 'Unknown API key');
    const principal = principalFrom(row, 'api', row.id, row.issued_by);
    this.cache.set(key, principal);
    return principal;
  }

  private touch(apiKeyId: string): void {
    const now = Date.now();
    const last = this.touched.get(apiKeyId);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(apiKeyId, now);
    this.sql.query('update tessera.api_keys set last_used_at = now() where id = $1', [apiKeyId]).catch(() => this.touched.delete(apiKeyId));
  }

  /** Forgets cached keys (all, or those of one key, user or tenant): the next request reads the tables again. */
  forget(filter?: ForgetFilter): void {
    if (!filter) return this.cache.clear();
    const stale: string[] = [];
    for (const [key, principal] of this.cache.entries()) if (matches(principal, filter)) stale.push(key);
    for (const key of stale) this.cache.delete(key);
  }
}
