import type { SqlRunner } from '../storage/sql/runner.ts';
import type { FieldPermission, ObjectPermission } from '../storage/system/entities/index.ts';
import { atomsOf, describeAtom, holderOf, uncovered, universeOf } from './rights.ts';
import { FULL_ACCESS, NO_ACCESS, type AppliedRule, type FieldAccess, type ObjectAccess, type SecurityContext } from './model.ts';

interface RoleRow { id: string; name: string; parent_id: string | null; object_permissions: ObjectPermission[]; field_permissions: FieldPermission[]; capabilities: string[] }
interface UserRow { id: string; role_id: string | null; is_admin: boolean; is_active: boolean }
interface PermSetRow { id: string; object_permissions: ObjectPermission[]; field_permissions: FieldPermission[]; capabilities: string[] }
interface MemberRow { group_id: string; member_type: string; member_id: string }
interface RuleRow { id: string; object: string; filter: Record<string, unknown>; share_with_type: string; share_with_id: string; access: 'READ' | 'READ_WRITE' }

/**
 * A tenant's whole security configuration at one version: loaded in five queries, then every
 * user's SecurityContext is derived from it in memory (and memoized).
 */
export class TenantSecurity {
  readonly version: number;
  private readonly roles = new Map<string, RoleRow>();
  private readonly children = new Map<string, string[]>();
  private readonly users = new Map<string, UserRow>();
  private readonly usersByRole = new Map<string, string[]>();
  private readonly permSets = new Map<string, PermSetRow[]>();
  private readonly members: MemberRow[];
  private readonly rulesByObject = new Map<string, RuleRow[]>();
  private readonly contexts = new Map<string, SecurityContext>();
  private readonly coverage = new Map<string, string | null>();

  private constructor(version: number, data: { roles: RoleRow[]; users: UserRow[]; permSets: (PermSetRow & { user_id: string })[]; members: MemberRow[]; rules: RuleRow[] }) {
    this.version = version;
    for (const r of data.roles) {
      this.roles.set(r.id, r);
      if (r.parent_id) this.children.set(r.parent_id, [...(this.children.get(r.parent_id) ?? []), r.id]);
    }
    for (const u of data.users) {
      this.users.set(u.id, u);
      if (u.role_id) this.usersByRole.set(u.role_id, [...(this.usersByRole.get(u.role_id) ?? []), u.id]);
    }
    for (const p of data.permSets) this.permSets.set(p.user_id, [...(this.permSets.get(p.user_id) ?? []), p]);
    this.members = data.members;
    for (const rule of data.rules) this.rulesByObject.set(rule.object, [...(this.rulesByObject.get(rule.object) ?? []), rule]);
  }

  static async load(sql: SqlRunner, tenantId: string): Promise<TenantSecurity> {
    const [tenant] = await sql.query<{ security_version: string }>('select security_version from tessera.tenants where id = $1', [tenantId]);
    const [roles, users, permSets, members, rules] = await Promise.all([
      sql.query<RoleRow>('select id, name, parent_id, object_permissions, field_permissions, capabilities from tessera.roles where tenant_id = $1', [tenantId]),
      sql.query<UserRow>('select id, role_id, is_admin, is_active from tessera.users where tenant_id = $1', [tenantId]),
      sql.query<PermSetRow & { user_id: string }>(
        `select ups.user_id, ps.id, ps.object_permissions, ps.field_permissions, ps.capabilities from tessera.user_permission_sets ups
         join tessera.permission_sets ps on ps.id = ups.permission_set_id where ps.tenant_id = $1`, [tenantId]),
      sql.query<MemberRow>('select m.group_id, m.member_type, m.member_id from tessera.group_members m join tessera.groups g on g.id = m.group_id where g.tenant_id = $1', [tenantId]),
      sql.query<RuleRow>('select id, object, filter, share_with_type, share_with_id, access from tessera.sharing_rules where tenant_id = $1', [tenantId]),
    ]);
    return new TenantSecurity(Number(tenant?.security_version ?? 0), { roles, users, permSets, members, rules });
  }

  /** The tenant's users, by id. */
  userIds(): string[] {
    return [...this.users.keys()];
  }

  /** A user's role, admin and active flags (undefined: no such user at this version). */
  user(userId: string): { roleId: string | null; isAdmin: boolean; isActive: boolean } | undefined {
    const u = this.users.get(userId);
    return u && { roleId: u.role_id, isAdmin: u.is_admin, isActive: u.is_active };
  }

  hasRole(roleId: string): boolean {
    return this.roles.has(roleId);
  }

  /**
   * What the rights of users can differ in: the objects some role or permission set names, the fields
   * some of them restrict or grant (`object.field`), and the objects with sharing rules. Outside these,
   * every user who is not an administrator has the same rights (no object access; full field access).
   */
  universe(): { objects: Set<string>; fields: Set<string>; ruleObjects: Set<string> } {
    const objects = new Set<string>();
    const fields = new Set<string>();
    for (const g of [...this.roles.values(), ...[...this.permSets.values()].flat()]) {
      for (const p of g.object_permissions ?? []) objects.add(p.object);
      for (const f of g.field_permissions ?? []) fields.add(`${f.object}.${f.field}`);
    }
    return { objects, fields, ruleObjects: new Set(this.rulesByObject.keys()) };
  }

  /** A role and every role below it. */
  subtreeRoles(roleId: string): string[] {
    const out: string[] = [];
    const stack = [roleId];
    while (stack.length) {
      const r = stack.pop()!;
      if (out.includes(r)) continue;
      out.push(r);
      stack.push(...(this.children.get(r) ?? []));
    }
    return out;
  }

  /** A role and every role above it. */
  private ancestorRoles(roleId: string): string[] {
    const out: string[] = [];
    for (let r: string | null | undefined = roleId; r && !out.includes(r); r = this.roles.get(r)?.parent_id) out.push(r);
    return out;
  }

  /** The users a share target reaches: a user, a role's users, a role's and its subordinates', a group's (nested). */
  usersOf(type: string, id: string, seen = new Set<string>()): Set<string> {
    if (type === 'user') return new Set([id]);
    if (type === 'role') return new Set(this.usersByRole.get(id) ?? []);
    if (type === 'roleAndSubordinates') return new Set(this.subtreeRoles(id).flatMap((r) => this.usersByRole.get(r) ?? []));
    if (seen.has(id)) return new Set();
    seen.add(id);
    const out = new Set<string>();
    for (const m of this.members) if (m.group_id === id) for (const u of this.usersOf(m.member_type, m.member_id, seen)) out.add(u);
    return out;
  }

  /** The groups a user belongs to, directly or through their role or a nested group. */
  private groupsOf(userId: string): string[] {
    const groups = new Set<string>();
    for (const m of this.members) if (!groups.has(m.group_id) && this.usersOf('group', m.group_id).has(userId)) groups.add(m.group_id);
    return [...groups];
  }

  /**
   * Whether `userId`'s rights are within `holderId`'s at this version (an API key `holderId` minted for
   * them carries at most their rights): null when they are, else the first right beyond, in words.
   * An inactive holder holds nothing; an administrator holds everything.
   */
  beyondRightsOf(holderId: string, userId: string): string | null {
    const key = `${holderId}:${userId}`;
    if (!this.coverage.has(key)) {
      const holder = this.users.get(holderId);
      let beyond: string | null = null;
      if (!holder?.is_active) beyond = 'an inactive issuer';
      else if (!holder.is_admin) {
        const universe = universeOf(this);
        const found = uncovered(holderOf(this, holderId, universe), atomsOf(this.contextFor(userId), universe));
        beyond = found.length ? describeAtom(found[0]) : null;
      }
      this.coverage.set(key, beyond);
    }
    return this.coverage.get(key)!;
  }

  contextFor(userId: string): SecurityContext {
    let ctx = this.contexts.get(userId);
    if (!ctx) {
      ctx = this.compute(userId);
      this.contexts.set(userId, ctx);
    }
    return ctx;
  }

  private compute(userId: string): SecurityContext {
    const user = this.users.get(userId);
    const role = user?.role_id ? this.roles.get(user.role_id) : undefined;
    const grants = [...(role ? [role] : []), ...(this.permSets.get(userId) ?? [])];
    const objects = new Map<string, ObjectAccess>();
    const fields = new Map<string, FieldAccess>();
    const capabilities = new Set<string>();
    for (const g of grants) {
      for (const p of g.object_permissions ?? []) {
        const a = objects.get(p.object) ?? { ...NO_ACCESS };
        const modifyAll = a.modifyAll || !!p.modifyAll;
        const viewAll = a.viewAll || !!p.viewAll || modifyAll;
        objects.set(p.object, {
          read: a.read || !!p.read || viewAll, create: a.create || !!p.create || modifyAll, update: a.update || !!p.update || modifyAll,
          delete: a.delete || !!p.delete || modifyAll, viewAll, modifyAll,
        });
      }
      for (const f of g.field_permissions ?? []) {
        const key = `${f.object}.${f.field}`;
        const a = fields.get(key) ?? { read: false, update: false };
        fields.set(key, { read: a.read || !!f.read || !!f.update, update: a.update || !!f.update });
      }
      for (const c of g.capabilities ?? []) capabilities.add(c);
    }
    // The roles strictly below the user's: peers in the same role do not see each other's records.
    const belowRoles = role ? this.subtreeRoles(role.id).filter((r) => r !== role.id) : [];
    const subtreeUsers = new Set([userId, ...belowRoles.flatMap((r) => this.usersByRole.get(r) ?? [])]);
    const principals = new Set<string>();
    for (const u of subtreeUsers) {
      principals.add(`u:${u}`);
      const r = this.users.get(u)?.role_id;
      if (r) {
        principals.add(`r:${r}`);
        for (const a of this.ancestorRoles(r)) principals.add(`rs:${a}`);
      }
      for (const g of this.groupsOf(u)) principals.add(`g:${g}`);
    }
    const rules = new Map<string, AppliedRule[]>();
    for (const [object, list] of this.rulesByObject) {
      const applied = list.filter((rule) => [...this.usersOf(rule.share_with_type, rule.share_with_id)].some((u) => subtreeUsers.has(u)));
      rules.set(object, applied.map((r) => ({ id: r.id, filter: r.filter, access: r.access })));
    }
    const bypass = !!user?.is_admin;
    return {
      userId,
      bypass,
      capabilities,
      object: (name) => (bypass ? FULL_ACCESS : objects.get(name) ?? NO_ACCESS),
      field: (object, field) => (bypass ? { read: true, update: true } : fields.get(`${object}.${field}`) ?? { read: true, update: true }),
      owners: [...subtreeUsers],
      principals: [...principals],
      rules: (object) => rules.get(object) ?? [],
    };
  }
}
