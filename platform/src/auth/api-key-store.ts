import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { uuidv7 } from '../util/ids.ts';
import { generateApiKey } from './api-keys.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An API key as listed: never its secret or the secret's hash. */
export interface ApiKeyInfo {
  id: string; name: string; prefix: string; userId: string;
  /** ISO 8601 instants, whichever connection read them (the change runner's answers PostgreSQL's own text). */
  createdAt: string; lastUsedAt: string | null; revokedAt: string | null;
}

const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
const info = <T extends ApiKeyInfo>(row: T): T => ({ ...row, createdAt: iso(row.createdAt)!, lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt) });

const COLUMNS = 'id, name, prefix, user_id as "userId", created_at as "createdAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt"';

/**
 * Issues a key for a user of the tenant; the key itself is returned this once and stored hashed.
 * `issuedBy`: the non-administrator who mints it for someone else (the key then carries at most their rights).
 */
export async function issueApiKey(sql: SqlRunner, tenantId: string, userId: string, name: string | null | undefined, issuedBy: string | null = null): Promise<ApiKeyInfo & { key: string }> {
  const label = name?.trim() || 'key';
  if (label.length > 200) throw new PlatformError('VALIDATION_FAILED', 'A key name has at most 200 characters', { details: [{ pointer: '/name', message: 'is too long' }] });
  const [user] = UUID.test(userId) ? await sql.query('select id from tessera.users where tenant_id = $1 and id = $2', [tenantId, userId]) : [];
  if (!user) throw new PlatformError('NOT_FOUND', `No user ${userId} in this tenant`, { details: [{ pointer: '/user', message: 'not found' }] });
  const key = generateApiKey();
  const [row] = await sql.query<ApiKeyInfo>(
    `insert into tessera.api_keys (id, tenant_id, user_id, name, prefix, secret_hash, issued_by) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
    [uuidv7(), tenantId, userId, label, key.prefix, key.secretHash, issuedBy === userId ? null : issuedBy]);
  return { ...info(row), key: key.key };
}

/** The tenant's keys, or one user's, newest first. */
export async function listApiKeys(sql: SqlRunner, tenantId: string, userId?: string): Promise<ApiKeyInfo[]> {
  if (userId !== undefined && !UUID.test(userId)) return [];
  const rows = userId === undefined
    ? await sql.query<ApiKeyInfo>(`select ${COLUMNS} from tessera.api_keys where tenant_id = $1 order by created_at desc, id desc`, [tenantId])
    : await sql.query<ApiKeyInfo>(`select ${COLUMNS} from tessera.api_keys where tenant_id = $1 and user_id = $2 order by created_at desc, id desc`, [tenantId, userId]);
  return rows.map(info);
}

export async function findApiKey(sql: SqlRunner, tenantId: string, id: string): Promise<ApiKeyInfo | null> {
  if (!UUID.test(id)) return null;
  const [row] = await sql.query<ApiKeyInfo>(`select ${COLUMNS} from tessera.api_keys where tenant_id = $1 and id = $2`, [tenantId, id]);
  return row ? info(row) : null;
}

/** Revokes a key (once: revoking again keeps the first time). */
export async function revokeApiKey(sql: SqlRunner, tenantId: string, id: string): Promise<ApiKeyInfo> {
  const [row] = UUID.test(id)
    ? await sql.query<ApiKeyInfo>(`update tessera.api_keys set revoked_at = coalesce(revoked_at, now()) where tenant_id = $1 and id = $2 returning ${COLUMNS}`, [tenantId, id])
    : [];
  if (!row) throw new PlatformError('NOT_FOUND', `No API key ${id} in this tenant`);
  return info(row);
}
