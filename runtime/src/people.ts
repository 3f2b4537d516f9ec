import type pg from 'pg';

/**
 * People named by users, a role or a group (schema-parts.ts MEMBERS): a pool's members and managers,
 * an assignment rule's team, an approval node's approvers. Resolved here, once, to the tenant's
 * **active** users — a role's users, a group's members directly or through their role — so that the
 * pools, assignment and approvals plugins agree on who belongs.
 */
export type Member =
  | { type: 'user'; users: string[] }
  | { type: 'role'; role: string }
  | { type: 'group'; group: string };

/** SQL: user `u` is active in tenant $1 and has a role named in the text[] parameter `$names`. */
const inRole = (names: string) => `u.tenant_id = $1 and u.is_active and exists (select 1 from tessera.roles r where r.id = u.role_id and r.tenant_id = $1 and r.name = any(${names}::text[]))`;
/** SQL: user `u` is active in tenant $1 and a member of a group named in `$names`, directly or through their role. */
const inGroup = (names: string) => `u.tenant_id = $1 and u.is_active and exists (select 1 from tessera.groups g join tessera.group_members m on m.group_id = g.id
  where g.tenant_id = $1 and g.name = any(${names}::text[]) and ((m.member_type = 'user' and m.member_id = u.id) or (m.member_type = 'role' and m.member_id = u.role_id)))`;

/**
 * The active users one member names: those listed (in their order), or a role's or a group's, by
 * `order` — `id` (a stable order for rotations), or `name` then id (the order people read).
 */
export async function usersOf(db: pg.PoolClient, tenantId: string, member: Member, order: 'id' | 'name' = 'id'): Promise<string[]> {
  if (member.type === 'user') {
    const { rows } = await db.query<{ id: string }>('select id from tessera.users where tenant_id = $1 and id = any($2::uuid[]) and is_active', [tenantId, member.users]);
    const active = new Set(rows.map((r) => r.id));
    return member.users.filter((u) => active.has(u));
  }
  const where = member.type === 'role' ? inRole('$2') : inGroup('$2');
  const { rows } = await db.query<{ id: string }>(`select u.id from tessera.users u where ${where} order by ${order === 'name' ? 'u.name, u.id' : 'u.id'}`, [tenantId, [member.type === 'role' ? member.role : member.group]]);
  return rows.map((r) => r.id);
}

/** The active users the members name, each once, in the members' order. */
export async function usersOfAll(db: pg.PoolClient, tenantId: string, members: readonly Member[] | undefined): Promise<string[]> {
  const out: string[] = [];
  for (const m of members ?? []) for (const id of await usersOf(db, tenantId, m)) if (!out.includes(id)) out.push(id);
  return out;
}

/** Whether the members name the user (no members: everyone). One statement at most. */
export async function isMember(db: pg.PoolClient, tenantId: string, members: readonly Member[] | undefined, user: string): Promise<boolean> {
  if (!members?.length) return true;
  if (members.some((m) => m.type === 'user' && m.users.includes(user))) return true;
  const roles = members.flatMap((m) => (m.type === 'role' ? [m.role] : []));
  const groups = members.flatMap((m) => (m.type === 'group' ? [m.group] : []));
  if (!roles.length && !groups.length) return false;
  const { rows } = await db.query(`select 1 from tessera.users u where u.id = $4 and ((${inRole('$2')}) or (${inGroup('$3')}))`, [tenantId, roles, groups, user]);
  return rows.length > 0;
}
