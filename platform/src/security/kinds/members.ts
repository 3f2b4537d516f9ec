import type { ChangeTx, ConfigReader } from '../../changes/index.ts';
import { PlatformError } from '../../errors/index.ts';
import type { Db } from '../../storage/sql/runner.ts';
import { resolveShareTarget, type ShareTargetInput } from '../share-target.ts';

export type PrincipalType = 'user' | 'role' | 'roleAndSubordinates' | 'group';
const TYPES: PrincipalType[] = ['role', 'roleAndSubordinates', 'group', 'user'];

/** A group member or a rule's share target as documents name it: a role or group by name, a user by e-mail. */
export type PrincipalItem = Partial<Record<PrincipalType, string>>;

const NAME = { type: 'string', minLength: 1, maxLength: 254 };
/** Exactly one of user (an e-mail), role, roleAndSubordinates, group (names). */
export const PRINCIPAL_SCHEMA = {
  type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
  description: 'Exactly one: {"role": name}, {"roleAndSubordinates": name}, {"group": name} or {"user": e-mail}.',
  properties: { user: { ...NAME, description: 'The user\'s e-mail; the user must exist in the tenant.' }, role: NAME, roleAndSubordinates: NAME, group: NAME },
};

/** A principal named in a document → its type and id; REFERENCE_NOT_FOUND at `pointer` if it is not in the tenant. */
export async function principalOf(db: Db, tenantId: string, item: PrincipalItem, pointer: string): Promise<{ type: PrincipalType; id: string }> {
  if (item.user !== undefined) {
    const { rows } = await db.query<{ id: string }>('select id from tessera.users where tenant_id = $1 and lower(email) = lower($2)', [tenantId, item.user]);
    if (!rows[0]) throw new PlatformError('REFERENCE_NOT_FOUND', `No user with e-mail ${item.user} in this tenant`, { details: [{ pointer: `${pointer}/user`, message: 'not found' }] });
    return { type: 'user', id: rows[0].id };
  }
  return resolveShareTarget(db, tenantId, item as ShareTargetInput, pointer);
}

/** Principals by (type, id) → their document form, for one tenant. */
export async function principalNames(reader: ConfigReader): Promise<(type: string, id: string) => PrincipalItem> {
  const [roles, groups, users] = await Promise.all([
    reader.sql.query<{ id: string; name: string }>('select id, name from tessera.roles where tenant_id = $1', [reader.tenantId]),
    reader.sql.query<{ id: string; name: string }>('select id, name from tessera.groups where tenant_id = $1', [reader.tenantId]),
    reader.sql.query<{ id: string; email: string }>('select id, email from tessera.users where tenant_id = $1', [reader.tenantId]),
  ]);
  const names = new Map<string, string>([...roles, ...groups].map((r) => [r.id, r.name]));
  for (const u of users) names.set(u.id, u.email);
  return (type, id) => ({ [type]: names.get(id) ?? id });
}

/** Members in a stable order: roles, roles with subordinates, groups, users; each by name. */
export function sortedPrincipals(items: PrincipalItem[]): PrincipalItem[] {
  const typeOf = (p: PrincipalItem) => TYPES.find((t) => p[t] !== undefined)!;
  return [...items].sort((a, b) => TYPES.indexOf(typeOf(a)) - TYPES.indexOf(typeOf(b)) || String(a[typeOf(a)]).localeCompare(String(b[typeOf(b)])));
}

export const principalTarget = (p: PrincipalItem): { kind: string; name: string } => {
  const type = TYPES.find((t) => p[t] !== undefined)!;
  return { kind: type === 'roleAndSubordinates' ? 'role' : type, name: p[type]! };
};

/**
 * Removes the manual shares with principals that are going away (they would grant nothing), in
 * `tx`; a cascade of the deletion, recorded as its own history entry when there were any.
 */
export async function dropShares(tx: ChangeTx, principals: string[], of: string): Promise<number> {
  const [{ schema_name: schema }] = (await tx.db.query<{ schema_name: string }>('select schema_name from tessera.tenants where id = $1', [tx.tenantId])).rows;
  const { rows } = await tx.db.query<{ object: string; recordId: string; principal: string; access: string }>(
    `delete from "${schema}"."_share" where "principal" = any($1::text[]) returning "object", "recordId", "principal", "access"`, [principals]);
  if (rows.length) tx.record({ kind: 'share', action: 'removeShares', target: `shares with ${of}`, before: { shares: rows.length, records: rows.slice(0, 100).map((r) => ({ object: r.object, id: r.recordId, access: r.access })) }, after: null });
  return rows.length;
}
