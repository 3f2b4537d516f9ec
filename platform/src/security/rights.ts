import type { FieldPermission, ObjectPermission } from '../storage/system/entities/index.ts';
import type { SecurityContext, SharingModel } from './model.ts';

/** What rights are read from: a tenant's security configuration at one version (`TenantSecurity`). */
export interface SecurityState {
  universe(): Universe;
  contextFor(userId: string): SecurityContext;
  user(userId: string): { roleId: string | null } | undefined;
  subtreeRoles(roleId: string): string[];
}

/**
 * A user's rights as a set of atoms, so that "within someone's rights" is set inclusion:
 *
 *   admin                       an administrator (holds every other atom)
 *   cap:<capability>            manageMetadata, manageUsers, …
 *   object:<object>:<right>     read, create, update, delete, viewAll, modifyAll
 *   field:<object>.<field>:<r>  read, update — for fields some grant names, of objects the user has a right on
 *   owner:<user>                whose records the user sees by ownership (themself and those below them)
 *   principal:<p>               share targets that reach them (u:, r:, rs:, g:)
 *   rule:<id>:<access>:<object> sharing rules that reach them
 *
 * Outside the universe (objects no grant names, fields no grant names) every user who is not an
 * administrator has the same rights, so comparing inside it is enough.
 */
export interface Universe { objects: Set<string>; fields: Set<string>; ruleObjects: Set<string> }

const OBJECT_RIGHTS = ['read', 'create', 'update', 'delete', 'viewAll', 'modifyAll'] as const;

export function universeOf(...states: SecurityState[]): Universe {
  const u: Universe = { objects: new Set(), fields: new Set(), ruleObjects: new Set() };
  for (const s of states) {
    const x = s.universe();
    x.objects.forEach((o) => u.objects.add(o));
    x.fields.forEach((f) => u.fields.add(f));
    x.ruleObjects.forEach((o) => u.ruleObjects.add(o));
  }
  return u;
}

export function atomsOf(ctx: SecurityContext, universe: Universe): Set<string> {
  if (ctx.bypass) return new Set(['admin']);
  const atoms = new Set<string>();
  for (const c of ctx.capabilities) atoms.add(`cap:${c}`);
  const withRights = new Set<string>();
  for (const o of universe.objects) {
    const access = ctx.object(o);
    for (const r of OBJECT_RIGHTS) if (access[r]) atoms.add(`object:${o}:${r}`);
    if (OBJECT_RIGHTS.some((r) => access[r])) withRights.add(o);
  }
  for (const key of universe.fields) {
    const dot = key.indexOf('.');
    const object = key.slice(0, dot);
    if (!withRights.has(object)) continue;
    const access = ctx.field(object, key.slice(dot + 1));
    if (access.read) atoms.add(`field:${key}:read`);
    if (access.update) atoms.add(`field:${key}:update`);
  }
  for (const o of ctx.owners) atoms.add(`owner:${o}`);
  for (const p of ctx.principals) atoms.add(`principal:${p}`);
  for (const object of universe.ruleObjects) for (const r of ctx.rules(object)) atoms.add(`rule:${r.id}:${r.access}:${object}`);
  return atoms;
}

/** What the actor holds, to judge whether an atom is within their rights. */
export interface Holder {
  context: SecurityContext;
  atoms: Set<string>;
  /** The actor's role and the roles below it: what is shared with them reaches the actor once someone holds them. */
  roles: Set<string>;
  sharingOf?: (object: string) => SharingModel;
}

export function holderOf(state: SecurityState, userId: string, universe: Universe, sharingOf?: (object: string) => SharingModel): Holder {
  const context = state.contextFor(userId);
  const roleId = state.user(userId)?.roleId;
  return { context, atoms: atomsOf(context, universe), roles: new Set(roleId ? state.subtreeRoles(roleId) : []), sharingOf };
}

/** Whether one atom is within the holder's rights. */
export function covers(h: Holder, atom: string): boolean {
  if (h.context.bypass || h.atoms.has(atom)) return true;
  if (atom.startsWith('owner:')) return h.context.owners.includes(atom.slice(6));
  if (atom.startsWith('principal:')) {
    const p = atom.slice(10);
    const m = /^(r|rs):(.*)$/.exec(p);
    return h.context.principals.includes(p) || (!!m && h.roles.has(m[2]));
  }
  if (atom.startsWith('rule:')) {
    // A rule gives its records; the holder has them already when they see (or change) every record of the object.
    const [, , access, object] = atom.split(':');
    const a = h.context.object(object);
    if (a.modifyAll || (access === 'READ' && a.viewAll)) return true;
    const sharing = h.sharingOf?.(object);
    return sharing === 'PUBLIC_READ_WRITE' ? a.read && (access === 'READ' || a.update) : sharing === 'PUBLIC_READ' && access === 'READ' && a.read;
  }
  return false;
}

/** The atoms of `atoms` outside the holder's rights. */
export function uncovered(h: Holder, atoms: Iterable<string>): string[] {
  const out: string[] = [];
  for (const a of atoms) if (!covers(h, a)) out.push(a);
  return out;
}

/** A grant (a role's or permission set's permissions) as the atoms it gives whoever holds it. */
export function grantAtoms(g: { capabilities?: string[] | null; objectPermissions?: ObjectPermission[] | null; fieldPermissions?: FieldPermission[] | null }): string[] {
  const atoms = (g.capabilities ?? []).map((c) => `cap:${c}`);
  for (const p of g.objectPermissions ?? []) {
    // As tenant-security.ts closes them: modifyAll gives every right, viewAll gives read.
    const modifyAll = !!p.modifyAll;
    const viewAll = !!p.viewAll || modifyAll;
    const has = { read: !!p.read || viewAll, create: !!p.create || modifyAll, update: !!p.update || modifyAll, delete: !!p.delete || modifyAll, viewAll, modifyAll };
    for (const r of OBJECT_RIGHTS) if (has[r]) atoms.push(`object:${p.object}:${r}`);
  }
  for (const f of g.fieldPermissions ?? []) {
    if (f.read || f.update) atoms.push(`field:${f.object}.${f.field}:read`);
    if (f.update) atoms.push(`field:${f.object}.${f.field}:update`);
  }
  return atoms;
}

/** Field atoms are judged by the holder's field access directly (a grant may name a field no grant named before). */
export function coversGrantAtom(h: Holder, atom: string): boolean {
  if (h.context.bypass) return true;
  const m = /^field:([^.]+)\.(.+):(read|update)$/.exec(atom);
  if (m) return h.context.field(m[1], m[2])[m[3] as 'read' | 'update'] && OBJECT_RIGHTS.some((r) => h.context.object(m[1])[r]);
  const o = /^object:(.+):(read|create|update|delete|viewAll|modifyAll)$/.exec(atom);
  if (o) return h.context.object(o[1])[o[2] as 'read'];
  return covers(h, atom);
}

/** An atom in words, for refusals. */
export function describeAtom(atom: string): string {
  if (atom === 'admin') return 'administration';
  const [kind, ...rest] = atom.split(':');
  switch (kind) {
    case 'cap': return `the ${rest[0]} capability`;
    case 'object': return `${rest[1]} on ${rest[0]}`;
    case 'field': return `${rest[1]} on the field ${rest[0]}`;
    case 'owner': return `the records owned by user ${rest[0]}`;
    case 'principal': return `what is shared with ${rest.join(':')}`;
    case 'rule': return `sharing rule ${rest[0]} (${rest[1]}) on ${rest[2]}`;
    default: return atom;
  }
}
