import { SHARING, type Access, type Grant, type ObjectName, type Rec, type Target, type TenantSpec } from './generate.ts';

/**
 * What each user may see and change, computed from the generated tenant with the security model's
 * rules as the issue states them — in plain TypeScript, sharing nothing with the platform's code:
 *
 * - administrators see and change everything;
 * - object rights are the union over the user's role and permission sets (viewAll ⇒ read every
 *   record, modifyAll ⇒ everything on the object);
 * - a field with an entry in the user's grants is readable only if one grant gives read (update),
 *   updatable only if one gives update; fields without entries are readable and updatable;
 * - records of PRIVATE objects: owned by the user or anyone whose role is below theirs, or reached
 *   (for the user or anyone below them) by a manual share or a matching sharing rule; writes need
 *   ownership/hierarchy or READ_WRITE. PUBLIC_READ: everyone reads; PUBLIC_READ_WRITE: everyone
 *   reads and writes. Master-detail children follow their parent. Soft-deleted records: nobody.
 */

export type Rights = { read: boolean; create: boolean; update: boolean; delete: boolean; viewAll: boolean; modifyAll: boolean };
/** 0 nothing, 1 read, 2 read and write. */
export type Level = 0 | 1 | 2;

const NONE: Rights = { read: false, create: false, update: false, delete: false, viewAll: false, modifyAll: false };
const ALL: Rights = { read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true };

export class Oracle {
  readonly spec: TenantSpec;
  private readonly byId = new Map<string, { object: ObjectName; rec: Rec }>();

  constructor(spec: TenantSpec) {
    this.spec = spec;
    for (const [object, list] of Object.entries(spec.records) as [ObjectName, Rec[]][]) for (const rec of list) this.byId.set(rec.id, { object, rec });
  }

  record(id: string): { object: ObjectName; rec: Rec } | undefined {
    return this.byId.get(id);
  }

  private user(key: string) {
    const u = this.spec.users.find((x) => x.key === key);
    if (!u) throw new Error(`no user ${key}`);
    return u;
  }

  isAdmin(user: string): boolean {
    return this.user(user).isAdmin;
  }

  private grants(user: string): Grant[] {
    const u = this.user(user);
    const role = this.spec.roles.find((r) => r.name === u.role);
    return [...(role ? [role] : []), ...u.permissionSets.map((p) => this.spec.permissionSets.find((s) => s.name === p)!)];
  }

  rights(user: string, object: ObjectName): Rights {
    if (this.isAdmin(user)) return ALL;
    const out = { ...NONE };
    for (const g of this.grants(user)) {
      for (const p of g.objectPermissions) {
        if (p.object !== object) continue;
        for (const k of Object.keys(NONE) as (keyof Rights)[]) out[k] ||= p[k] === true;
      }
    }
    if (out.modifyAll) Object.assign(out, ALL);
    if (out.viewAll) out.read = true;
    return out;
  }

  fieldReadable(user: string, object: ObjectName, field: string): boolean {
    if (this.isAdmin(user)) return true;
    const entries = this.grants(user).flatMap((g) => g.fieldPermissions.filter((f) => f.object === object && f.field === field));
    return entries.length === 0 || entries.some((f) => f.read || f.update);
  }

  fieldUpdatable(user: string, object: ObjectName, field: string): boolean {
    if (this.isAdmin(user)) return true;
    const entries = this.grants(user).flatMap((g) => g.fieldPermissions.filter((f) => f.object === object && f.field === field));
    return entries.length === 0 || entries.some((f) => f.update);
  }

  /** The role and every role below it. */
  private rolesFrom(role: string): Set<string> {
    const out = new Set([role]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const r of this.spec.roles) if (r.parent && out.has(r.parent) && !out.has(r.name)) { out.add(r.name); grew = true; }
    }
    return out;
  }

  /** The user and everyone whose role is below theirs (at any depth). */
  below(user: string): Set<string> {
    const u = this.user(user);
    const out = new Set([user]);
    if (!u.role) return out;
    const under = this.rolesFrom(u.role);
    under.delete(u.role);
    for (const other of this.spec.users) if (other.role && under.has(other.role)) out.add(other.key);
    return out;
  }

  /** The users a share target stands for (groups recursively). */
  usersOf(target: Target, seen = new Set<string>()): Set<string> {
    if ('user' in target) return new Set([target.user]);
    if ('role' in target) return new Set(this.spec.users.filter((u) => u.role === target.role).map((u) => u.key));
    if ('roleAndSubordinates' in target) {
      const roles = this.rolesFrom(target.roleAndSubordinates);
      return new Set(this.spec.users.filter((u) => u.role && roles.has(u.role)).map((u) => u.key));
    }
    if (seen.has(target.group)) return new Set();
    seen.add(target.group);
    const out = new Set<string>();
    for (const m of this.spec.groups.find((g) => g.name === target.group)?.members ?? []) for (const u of this.usersOf(m, seen)) out.add(u);
    return out;
  }

  /** A share or rule to `target` reaches `user` when it reaches them or anyone below them. */
  reaches(target: Target, user: string): boolean {
    const below = this.below(user);
    return [...this.usersOf(target)].some((u) => below.has(u));
  }

  private static level(access: Access): Level {
    return access === 'READ_WRITE' ? 2 : 1;
  }

  /** Access through ownership, the hierarchy, manual shares and sharing rules. */
  private privateLevel(user: string, object: ObjectName, rec: Rec): Level {
    if (this.below(user).has(rec.owner)) return 2;
    let level: Level = 0;
    for (const s of this.spec.shares) if (s.object === object && s.id === rec.id && this.reaches(s.with, user)) level = Math.max(level, Oracle.level(s.access)) as Level;
    for (const rule of this.spec.rules) {
      if (rule.object === object && this.reaches(rule.shareWith, user) && matchesFields(rec, rule.filter)) level = Math.max(level, Oracle.level(rule.access)) as Level;
    }
    return level;
  }

  /**
   * The record-level access, object rights aside (except viewAll / modifyAll, which are about
   * records). `ignoreDeleted`: as if the record itself were live (what restoring it needs).
   */
  level(user: string, object: ObjectName, rec: Rec, ignoreDeleted = false): Level {
    if (rec.deleted && !ignoreDeleted) return 0;
    if (this.isAdmin(user)) return 2;
    const rights = this.rights(user, object);
    if (rights.modifyAll) return 2;
    let level: Level;
    if (object === 'note') {
      const parent = this.byId.get((rec as { opportunity: string }).opportunity);
      level = parent ? this.level(user, 'opportunity', parent.rec) : 0;
    } else {
      const sharing = SHARING[object] ?? 'PUBLIC_READ_WRITE';
      if (sharing === 'PUBLIC_READ_WRITE') level = 2;
      else {
        level = this.privateLevel(user, object, rec);
        if (sharing === 'PUBLIC_READ') level = Math.max(level, 1) as Level;
      }
    }
    if (rights.viewAll) level = Math.max(level, 1) as Level;
    return level;
  }

  canRead(user: string, object: ObjectName, rec: Rec): boolean {
    return this.rights(user, object).read && this.level(user, object, rec) >= 1;
  }

  canWrite(user: string, object: ObjectName, rec: Rec, verb: 'update' | 'delete' = 'update'): boolean {
    return this.rights(user, object)[verb] && this.level(user, object, rec) === 2;
  }

  visible(user: string, object: ObjectName): Rec[] {
    return this.spec.records[object].filter((r) => this.canRead(user, object, r));
  }

  /**
   * The answer a single write of a record (or of an id that is none of this tenant's) must get:
   * FORBIDDEN without the object right for the verb (whatever the id), NOT_FOUND for what the user
   * cannot see, FORBIDDEN for what they see but may not change, else success.
   */
  expectedWrite(user: string, object: ObjectName, id: string, verb: 'update' | 'delete'): 'OK' | 'FORBIDDEN' | 'NOT_FOUND' {
    if (!this.rights(user, object)[verb]) return 'FORBIDDEN';
    const found = this.byId.get(id);
    if (!found || found.object !== object || !this.canRead(user, object, found.rec)) return 'NOT_FOUND';
    return this.level(user, object, found.rec) === 2 ? 'OK' : 'FORBIDDEN';
  }

  /** Restoring a soft-deleted record: the delete right, and access to it as if it were live. */
  expectedRestore(user: string, object: ObjectName, id: string): 'OK' | 'FORBIDDEN' | 'NOT_FOUND' {
    if (!this.rights(user, object).delete) return 'FORBIDDEN';
    const found = this.byId.get(id);
    if (!found || found.object !== object) return 'NOT_FOUND';
    const level = this.rights(user, object).read ? this.level(user, object, found.rec, true) : 0;
    return level === 0 ? 'NOT_FOUND' : level === 1 ? 'FORBIDDEN' : 'OK';
  }

  /**
   * Whether a filter over `object` must be refused: it names a field the user may not read, or goes
   * through a lookup or to children of an object they may not read.
   */
  filterForbidden(user: string, object: ObjectName, filter: Record<string, unknown>): boolean {
    return Object.entries(filter).some(([key, value]) => {
      if (key === 'and' || key === 'or') return (value as Record<string, unknown>[]).some((f) => this.filterForbidden(user, object, f));
      if (key === 'not') return this.filterForbidden(user, object, value as Record<string, unknown>);
      const lookup = LOOKUPS[object]?.[key];
      if (lookup) return !this.fieldReadable(user, object, key) || !this.rights(user, lookup).read || this.filterForbidden(user, lookup, value as Record<string, unknown>);
      const child = CHILDREN[object]?.find((c) => key.startsWith(c.relation));
      if (child) return !this.rights(user, child.object).read || this.filterForbidden(user, child.object, value as Record<string, unknown>);
      return !this.fieldReadable(user, object, key);
    });
  }

  /** A list query's answer: FORBIDDEN, or the records (live, visible, matching). */
  list(user: string, object: ObjectName, filter: Record<string, unknown> = {}): { error: 'FORBIDDEN' } | { records: Rec[] } {
    if (!this.rights(user, object).read || this.filterForbidden(user, object, filter)) return { error: 'FORBIDDEN' };
    return { records: this.visible(user, object).filter((r) => this.matches(user, object, r, filter)) };
  }

  /**
   * Whether a record matches a data-API filter as `user` sees it: lookups match through a target
   * the user can see, child filters quantify over the children the user can see.
   */
  matches(user: string, object: ObjectName, rec: Rec, filter: Record<string, unknown>): boolean {
    return Object.entries(filter).every(([key, value]) => {
      if (key === 'and') return (value as Record<string, unknown>[]).every((f) => this.matches(user, object, rec, f));
      if (key === 'or') return (value as Record<string, unknown>[]).some((f) => this.matches(user, object, rec, f));
      if (key === 'not') return !this.matches(user, object, rec, value as Record<string, unknown>);
      const lookup = LOOKUPS[object]?.[key];
      if (lookup) {
        const id = (rec as unknown as Record<string, string | null>)[key];
        const target = id ? this.byId.get(id) : undefined;
        const only = Object.keys(value as object);
        // An administrator may see every record, soft-deleted ones included (restore needs them):
        // an id-only condition compares the stored link. For everyone else a link to a record they
        // cannot see is null, as the lookup reads.
        if (only.length === 1 && only[0] === 'id') {
          const seen = this.isAdmin(user) ? id : target && this.canRead(user, lookup, target.rec) ? id : null;
          return matchesField(seen, (value as { id: Record<string, unknown> }).id);
        }
        if (!target || !this.canRead(user, lookup, target.rec)) return false;
        return this.matches(user, lookup, target.rec, value as Record<string, unknown>);
      }
      const child = CHILDREN[object]?.find((c) => key.startsWith(c.relation));
      if (child) {
        const quantifier = key.slice(child.relation.length);
        const kids = this.visible(user, child.object).filter((k) => (k as unknown as Record<string, string>)[child.field] === rec.id);
        const test = (k: Rec) => this.matches(user, child.object, k, value as Record<string, unknown>);
        return quantifier === 'Some' ? kids.some(test) : quantifier === 'None' ? !kids.some(test) : kids.every(test);
      }
      return matchesField((rec as unknown as Record<string, unknown>)[key], value as Record<string, unknown>);
    });
  }
}

/** Lookup fields and the objects they point at. */
export const LOOKUPS: Partial<Record<ObjectName, Record<string, ObjectName>>> = { opportunity: { account: 'account' }, note: { opportunity: 'opportunity' } };
/** Reverse relations: their name on the parent, the child object and its lookup field. */
export const CHILDREN: Partial<Record<ObjectName, { relation: string; object: ObjectName; field: string }[]>> = {
  account: [{ relation: 'opportunities', object: 'opportunity', field: 'account' }],
  opportunity: [{ relation: 'notes', object: 'note', field: 'opportunity' }],
};

/** A filter over the record's own fields only (what sharing rules use). */
export function matchesFields(rec: Rec, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, value]) => matchesField((rec as unknown as Record<string, unknown>)[key], value as Record<string, unknown>));
}

/** One field's operators, with SQL's meaning (neq / nin also match null; ILIKE for the text ones). */
export function matchesField(v: unknown, ops: Record<string, unknown>): boolean {
  return Object.entries(ops).every(([op, x]) => {
    const s = String(v ?? '').toLowerCase();
    switch (op) {
      case 'eq': return x === null ? v === null || v === undefined : v === x;
      case 'neq': return v === null || v === undefined || v !== x;
      case 'in': return v !== null && (x as unknown[]).includes(v);
      case 'nin': return v === null || !(x as unknown[]).includes(v);
      case 'gt': return v !== null && (v as number) > (x as number);
      case 'gte': return v !== null && (v as number) >= (x as number);
      case 'lt': return v !== null && (v as number) < (x as number);
      case 'lte': return v !== null && (v as number) <= (x as number);
      case 'isNull': return (v === null || v === undefined) === x;
      case 'startsWith': return v !== null && s.startsWith(String(x).toLowerCase());
      case 'contains': return v !== null && s.includes(String(x).toLowerCase());
      default: throw new Error(`the oracle does not know the operator ${op}`);
    }
  });
}
