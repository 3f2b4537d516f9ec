import type { Db } from '../storage/sql/runner.ts';
import { PlatformError } from '../errors/index.ts';
import { idByName, userInTenant } from './admin.ts';

export interface ShareTargetInput { user?: string | null; role?: string | null; roleAndSubordinates?: string | null; group?: string | null }

/** `{user | role | roleAndSubordinates | group}` (exactly one) → its type and id in the tenant. */
export async function resolveShareTarget(db: Db, tenantId: string, input: ShareTargetInput, pointer: string): Promise<{ type: 'user' | 'role' | 'roleAndSubordinates' | 'group'; id: string }> {
  const given = (['user', 'role', 'roleAndSubordinates', 'group'] as const).filter((k) => input[k] !== undefined && input[k] !== null);
  if (given.length !== 1) throw new PlatformError('BAD_USER_INPUT', 'Share with exactly one of user, role, roleAndSubordinates or group', { details: [{ pointer, message: 'name exactly one target' }] });
  const type = given[0];
  const value = input[type]!;
  if (type === 'user') return { type, id: await userInTenant(db, tenantId, value, `${pointer}/user`) };
  const table = type === 'group' ? 'groups' : 'roles';
  return { type, id: await idByName(db, table, tenantId, value, `${pointer}/${type}`) };
}

/** The principal key a share or a group membership of this target is stored under. */
export function principalKey(type: string, id: string): string {
  return `${{ user: 'u', role: 'r', roleAndSubordinates: 'rs', group: 'g' }[type]}:${id}`;
}
