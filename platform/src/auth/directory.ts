import type pg from 'pg';

/** A user as every signed-in user of the tenant may see them: who they are, not what they may do. */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  isActive: boolean;
}

export const DIRECTORY_MAX = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant's user directory, the people records can be given to and whose names history shows.
 * By `ids`: those users, deactivated ones included (a former owner in a record's history still has
 * a name). Otherwise: active users whose name or e-mail contains `search` (case-insensitively; no
 * pattern characters), by name. At most DIRECTORY_MAX.
 */
export async function findDirectoryUsers(db: pg.Pool | pg.PoolClient, tenantId: string, query: { ids?: readonly string[] | null; search?: string | null; first?: number | null }): Promise<DirectoryUser[]> {
  const first = Math.max(0, Math.min(query.first ?? 20, DIRECTORY_MAX));
  const select = 'select id, name, email, is_active as "isActive" from tessera.users where tenant_id = $1';
  if (query.ids) {
    const ids = [...new Set(query.ids.filter((id) => UUID.test(id)))].slice(0, DIRECTORY_MAX);
    if (ids.length === 0) return [];
    return (await db.query(`${select} and id = any($2::uuid[]) order by name, id`, [tenantId, ids])).rows;
  }
  const search = query.search?.trim().toLowerCase() ?? '';
  return (await db.query(`${select} and is_active and ($2 = '' or strpos(lower(name), $2) > 0 or strpos(lower(email), $2) > 0) order by lower(name), id limit $3`, [tenantId, search, first])).rows;
}
