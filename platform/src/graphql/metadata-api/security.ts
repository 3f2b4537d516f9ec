import { PlatformError } from '../../errors/index.ts';
import type { ChangeOutcome, ChangeTx } from '../../changes/index.ts';
import { idByName, userInTenant, type GrantInput } from '../../security/admin.ts';
import { grantOfRow } from '../../security/kinds/grants.ts';
import { createGroup } from '../../security/kinds/groups.ts';
import { createPermissionSet } from '../../security/kinds/permission-sets.ts';
import { createRole, updateRole, type RoleChange } from '../../security/kinds/roles.ts';
import { createSharingRule, deleteSharingRule } from '../../security/kinds/sharing-rules.ts';
import type { RightsGuard } from '../../security/guard.ts';
import type { Db } from '../../storage/sql/runner.ts';
import { CAPABILITIES } from '../../security/model.ts';
import { principalKey, resolveShareTarget } from '../../security/share-target.ts';
import { canEdit } from '../../security/record-access.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, requireCapability } from './capabilities.ts';

interface RoleRow { id: string; name: string; parent_id: string | null; object_permissions: unknown[]; field_permissions: unknown[]; capabilities: string[] }
interface RuleRow { id: string; object: string; name: string | null; filter: unknown; share_with_type: string; share_with_id: string; access: string }


const ObjectPermissionRef = builder.objectRef<Record<string, unknown>>('ObjectPermission').implement({
  fields: (t) => ({
    object: t.string({ resolve: (p) => String(p.object) }),
    ...Object.fromEntries(['read', 'create', 'update', 'delete', 'viewAll', 'modifyAll'].map((k) => [k, t.boolean({ resolve: (p) => p[k] === true })])),
  }),
});
const FieldPermissionRef = builder.objectRef<Record<string, unknown>>('FieldPermission').implement({
  fields: (t) => ({
    object: t.string({ resolve: (p) => String(p.object) }),
    field: t.string({ resolve: (p) => String(p.field) }),
    read: t.boolean({ resolve: (p) => p.read === true }),
    update: t.boolean({ resolve: (p) => p.update === true }),
  }),
});

export const RoleRef = builder.objectRef<RoleRow>('Role');
RoleRef.implement({
  description: 'A place in the role hierarchy (a manager sees what the people below see) with permissions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    parent: t.field({ type: RoleRef, nullable: true, resolve: async (r, _a, ctx) => (r.parent_id ? roleById(ctx, r.parent_id) : null) }),
    objectPermissions: t.field({ type: [ObjectPermissionRef], resolve: (r) => r.object_permissions as Record<string, unknown>[] }),
    fieldPermissions: t.field({ type: [FieldPermissionRef], resolve: (r) => r.field_permissions as Record<string, unknown>[] }),
    capabilities: t.stringList({ resolve: (r) => r.capabilities }),
  }),
});
export const PermissionSetRef = builder.objectRef<Omit<RoleRow, 'parent_id'>>('PermissionSet').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    objectPermissions: t.field({ type: [ObjectPermissionRef], resolve: (r) => r.object_permissions as Record<string, unknown>[] }),
    fieldPermissions: t.field({ type: [FieldPermissionRef], resolve: (r) => r.field_permissions as Record<string, unknown>[] }),
    capabilities: t.stringList({ resolve: (r) => r.capabilities }),
  }),
});
export const GroupRef = builder.objectRef<{ id: string; name: string }>('Group').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    members: t.field({ type: ['JSON'], resolve: async (g, _a, ctx) => (await ctx.platform.pool.query('select member_type as type, member_id as id from tessera.group_members where group_id = $1', [g.id])).rows }),
  }),
});
const SharingRuleRef = builder.objectRef<RuleRow>('SharingRule').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    object: t.exposeString('object'),
    name: t.string({ nullable: true, resolve: (r) => r.name }),
    filter: t.field({ type: 'JSON', resolve: (r) => r.filter }),
    shareWith: t.field({ type: 'JSON', resolve: (r) => ({ [r.share_with_type]: r.share_with_id }) }),
    access: t.exposeString('access'),
  }),
});

const ObjectPermissionInput = builder.inputType('ObjectPermissionInput', {
  fields: (t) => ({ object: t.string({ required: true }), read: t.boolean(), create: t.boolean(), update: t.boolean(), delete: t.boolean(), viewAll: t.boolean(), modifyAll: t.boolean() }),
});
const FieldPermissionInput = builder.inputType('FieldPermissionInput', {
  fields: (t) => ({ object: t.string({ required: true }), field: t.string({ required: true }), read: t.boolean(), update: t.boolean() }),
});
const CapabilityEnum = builder.enumType('Capability', { values: CAPABILITIES });
export const grantFields = (t: any) => ({
  objectPermissions: t.field({ type: [ObjectPermissionInput] }),
  fieldPermissions: t.field({ type: [FieldPermissionInput] }),
  capabilities: t.field({ type: [CapabilityEnum] }),
});
const RoleInput = builder.inputType('RoleInput', { fields: (t) => ({ name: t.string({ required: true }), parent: t.string({ description: 'The parent role\'s name.' }), ...grantFields(t) }) });
const RoleUpdateInput = builder.inputType('RoleUpdateInput', { fields: (t) => ({ name: t.string(), parent: t.string(), ...grantFields(t) }) });
const PermissionSetInput = builder.inputType('PermissionSetInput', { fields: (t) => ({ name: t.string({ required: true }), ...grantFields(t) }) });
export const ShareTargetInput = builder.inputType('ShareTargetInput', {
  description: 'Exactly one: a user id, or a role, role with its subordinates, or group (by name).',
  fields: (t) => ({ user: t.id(), role: t.string(), roleAndSubordinates: t.string(), group: t.string() }),
});
const ShareAccessEnum = builder.enumType('ShareAccess', { values: ['READ', 'READ_WRITE'] as const });
const GroupInput = builder.inputType('GroupInput', { fields: (t) => ({ name: t.string({ required: true }), members: t.field({ type: [ShareTargetInput] }) }) });
const SharingRuleInput = builder.inputType('SharingRuleInput', {
  fields: (t) => ({
    object: t.string({ required: true }),
    name: t.string(),
    filter: t.field({ type: 'JSON', required: true, description: 'A filter as in the data API (e.g. {"region": {"eq": "north"}}).' }),
    shareWith: t.field({ type: ShareTargetInput, required: true }),
    access: t.field({ type: ShareAccessEnum, required: true }),
  }),
});

async function roleById(ctx: MetadataContext, id: string): Promise<RoleRow | null> {
  return (await ctx.platform.pool.query('select * from tessera.roles where id = $1 and tenant_id = $2', [id, ctx.principal.tenantId])).rows[0] ?? null;
}


/** A role's or permission set's row as the permissions it grants. */
export const grantOf = grantOfRow;

/**
 * A security verb as a configuration change (changes/run-change.ts): one transaction, the tenant
 * locked, guarded (unless the caller is an administrator, no one gains a right the caller lacks),
 * the security version bumped and announced, one history entry; a name taken is a CONFLICT.
 */
export function securityChange<T>(ctx: MetadataContext, kind: string, action: string, target: string, work: (db: Db, guard: RightsGuard, tx: ChangeTx) => Promise<ChangeOutcome<T>>): Promise<T> {
  return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind, action, target, guarded: true, taken: target }, (tx) => work(tx.db, tx.guard!, tx));
}

builder.queryFields((t) => ({
  roles: t.field({ type: [RoleRef], resolve: async (_r, _a, ctx) => (await ctx.platform.pool.query('select * from tessera.roles where tenant_id = $1 order by name', [ctx.principal.tenantId])).rows }),
  permissionSets: t.field({ type: [PermissionSetRef], resolve: async (_r, _a, ctx) => (await ctx.platform.pool.query('select * from tessera.permission_sets where tenant_id = $1 order by name', [ctx.principal.tenantId])).rows }),
  groups: t.field({ type: [GroupRef], resolve: async (_r, _a, ctx) => (await ctx.platform.pool.query('select id, name from tessera.groups where tenant_id = $1 order by name', [ctx.principal.tenantId])).rows }),
  sharingRules: t.field({
    type: [SharingRuleRef], args: { object: t.arg.string() },
    resolve: async (_r, a, ctx) => (await ctx.platform.pool.query('select * from tessera.sharing_rules where tenant_id = $1 and ($2::text is null or object = $2) order by created_at', [ctx.principal.tenantId, a.object ?? null])).rows,
  }),
}));

builder.mutationFields((t) => ({
  createRole: t.field({
    type: RoleRef, args: { input: t.arg({ type: RoleInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'role', 'createRole', `role ${input.name}`, async (_db, _guard, tx) => ({ result: await createRole(tx, input as GrantInput & { parent?: string | null }) }));
    },
  }),
  updateRole: t.field({
    type: RoleRef, args: { name: t.arg.string({ required: true }), input: t.arg({ type: RoleUpdateInput, required: true }) },
    resolve: async (_r, { name, input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'role', 'updateRole', `role ${name}`, async (_db, _guard, tx) => ({ result: await updateRole(tx, name, input as RoleChange) }));
    },
  }),
  createPermissionSet: t.field({
    type: PermissionSetRef, args: { input: t.arg({ type: PermissionSetInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'permissionSet', 'createPermissionSet', `permission set ${input.name}`, async (_db, _guard, tx) => ({ result: await createPermissionSet(tx, input as GrantInput) }));
    },
  }),
  assignPermissionSet: t.field({
    type: PermissionSetRef, args: { user: t.arg.id({ required: true }), permissionSet: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'user', 'assignPermissionSet', `user ${args.user}`, async (db, guard) => {
        const user = await userInTenant(db, ctx.principal.tenantId, String(args.user), '/user');
        const set = await idByName(db, 'permission_sets', ctx.principal.tenantId, args.permissionSet, '/permissionSet');
        guard.grant(grantOf((await db.query('select * from tessera.permission_sets where id = $1', [set])).rows[0]), `The permission set ${args.permissionSet}`);
        guard.touch(user, { pointer: '/user' });
        await db.query('insert into tessera.user_permission_sets (user_id, permission_set_id) values ($1, $2) on conflict do nothing', [user, set]);
        return { result: (await db.query('select * from tessera.permission_sets where id = $1', [set])).rows[0], after: { user, permissionSet: args.permissionSet } };
      });
    },
  }),
  createGroup: t.field({
    type: GroupRef, args: { input: t.arg({ type: GroupInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'group', 'createGroup', `group ${input.name}`, async (db, _guard, tx) => {
        const members = [];
        for (const [i, m] of (input.members ?? []).entries()) members.push(await resolveShareTarget(db, ctx.principal.tenantId, m, `/members/${i}`));
        return { result: await createGroup(tx, input.name, members) };
      });
    },
  }),
  addGroupMember: t.field({
    type: GroupRef, args: { group: t.arg.string({ required: true }), member: t.arg({ type: ShareTargetInput, required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'group', 'addGroupMember', `group ${args.group}`, async (db) => {
        const group = await idByName(db, 'groups', ctx.principal.tenantId, args.group, '/group');
        const target = await resolveShareTarget(db, ctx.principal.tenantId, args.member, '/member');
        await db.query('insert into tessera.group_members (group_id, member_type, member_id) values ($1, $2, $3) on conflict do nothing', [group, target.type, target.id]);
        return { result: (await db.query('select id, name from tessera.groups where id = $1', [group])).rows[0], after: args.member };
      });
    },
  }),
  createSharingRule: t.field({
    type: SharingRuleRef, args: { input: t.arg({ type: SharingRuleInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'sharingRule', 'createSharingRule', `sharing rule ${input.name ?? `on ${input.object}`}`, async (db, _guard, tx) => {
        const shareWith = await resolveShareTarget(db, ctx.principal.tenantId, input.shareWith, '/shareWith');
        return { result: await createSharingRule(tx, { ...input, filter: input.filter as Record<string, unknown>, shareWith }) };
      });
    },
  }),
  deleteSharingRule: t.field({
    type: SharingRuleRef, args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'sharingRule', 'deleteSharingRule', `sharing rule ${args.id}`, async (_db, _guard, tx) => ({ result: await deleteSharingRule(tx, String(args.id)) }));
    },
  }),
  shareRecord: t.boolean({
    description: 'Shares one record with a user, role or group (manual sharing). Needs edit access to the record.',
    args: { object: t.arg.string({ required: true }), id: t.arg.id({ required: true }), with: t.arg({ type: ShareTargetInput, required: true }), access: t.arg({ type: ShareAccessEnum, required: true }) },
    resolve: async (_r, args, ctx) => {
      const api = await ctx.platform.schemas.get(ctx.principal.tenantId);
      const object = api.model.objects.get(args.object);
      if (!object) throw new PlatformError('NOT_FOUND', `No object ${args.object}`);
      // A share gives read (or read and write) access to one record: the caller must hold that right on the object themself.
      const needs = args.access === 'READ' ? 'read' : 'update';
      if (!ctx.security.object(args.object)[needs]) throw new PlatformError('FORBIDDEN', `You may not share ${args.object} records ${args.access === 'READ' ? 'for reading' : 'for editing'}: you lack ${needs} on ${args.object}`, { details: [{ pointer: '/access', message: `needs ${needs} on ${args.object}` }] });
      return securityChange(ctx, 'share', 'shareRecord', `${args.object} ${args.id}`, async (db) => {
        const security = ctx.security.bypass ? undefined : ctx.security;
        if (!(await canEdit(db, api.model, security, args.object, String(args.id)))) throw new PlatformError('NOT_FOUND', `No ${args.object} with id ${args.id} that you can share`);
        const target = await resolveShareTarget(db, ctx.principal.tenantId, args.with, '/with');
        await db.query(`insert into "${api.model.schema}"."_share" ("object", "recordId", "principal", "access", "createdBy") values ($1, $2, $3, $4, $5)
          on conflict ("object", "recordId", "principal") do update set "access" = excluded."access"`, [args.object, String(args.id), principalKey(target.type, target.id), args.access, ctx.principal.userId]);
        return { result: true, after: { with: args.with, access: args.access } };
      });
    },
  }),
}));
