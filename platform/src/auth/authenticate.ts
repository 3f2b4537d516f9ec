import { LRUCache } from 'lru-cache';
import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { parseApiKey, secretMatches } from './api-keys.ts';

/** Who is calling: resolved from an API key (or, later, a session) on every request. */
export interface Principal {
  tenantId: string;
  tenantSlug: string;
  schema: string;
  userId: string;
  userName: string;
  locale: string;
  isAdmin: boolean;
  apiKeyId: string | null;
  /** The tenant's settings (API limits and the like). */
  settings: Record<string, unknown>;
}

interface KeyRow {
  id: string; secret_hash: string; revoked_at: string | null; tenant_id: string; slug: string; schema_name: string;
  user_id: string; name: string; locale: string; is_admin: boolean; is_active: boolean; settings: Record<string, unknown>;
}

/**
 * Resolves `Authorization: Bearer <apiKey>` to a principal. Verified keys are cached for a few
 * seconds so the request path does not query the system tables each time; revocation takes
 * effect within that time (and at once on this server, which forgets the key when revoking).
 */
export class ApiKeyAuthenticator {
  private readonly sql: SqlRunner;
  private readonly cache = new LRUCache<string, Principal>({ max: 10_000, ttl: 10_000 });

  constructor(sql: SqlRunner) {
    this.sql = sql;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw new PlatformError('UNAUTHENTICATED', 'An API key is required: send Authorization: Bearer <apiKey>');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new PlatformError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <apiKey>"');
    const key = match[1];
    const cached = this.cache.get(key);
    if (cached) return cached;
    const parsed = parseApiKey(key);
    if (!parsed) throw new PlatformError('UNAUTHENTICATED', 'Unknown API key');
    const [row] = await this.sql.query<KeyRow>(
      `select k.id, k.secret_hash, k.revoked_at, t.id as tenant_id, t.slug, t.schema_name, t.settings, u.id as user_id, u.name, u.locale, u.is_admin, u.is_active
       from tessera.api_keys k join tessera.users u on u.id = k.user_id join tessera.tenants t on t.id = k.tenant_id
       where k.prefix = $1`, [parsed.prefix]);
    if (!row || row.revoked_at || !row.is_active || !secretMatches(parsed.secret, row.secret_hash)) throw new PlatformError('UNAUTHENTICATED', 'Unknown API key');
    const principal: Principal = {
      tenantId: row.tenant_id, tenantSlug: row.slug, schema: row.schema_name, userId: row.user_id, userName: row.name,
      locale: row.locale, isAdmin: row.is_admin, apiKeyId: row.id, settings: row.settings ?? {},
    };
    this.cache.set(key, principal);
    return principal;
  }

  forget(): void {
    this.cache.clear();
  }
}
