import { PlatformError } from '../../errors/index.ts';
import { loadCatalog } from '../../metadata/index.ts';
import type { ChangeOutcome, ChangeTx } from '../../changes/index.ts';
import { checkGrants, idByName, userInTenant, type GrantInput } from '../../security/admin.ts';
import type { RightsGuard } from '../../security/guard.ts';
import type { Db } from '../../storage/sql/runner.ts';
import { CAPABILITIES } from '../../security/model.ts';
import { principalKey, resolveShareTarget } from '../../security/share-target.ts';
import { checkRuleFilter } from '../../security/rule-filter.ts';
import { canEdit } from '../../security/record-access.ts';
import type { FieldPermission, ObjectPermission } from '../../storage/system/entities/index.ts';
import { uuidv7 } from '../../util/ids.ts';
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
export const PermissionSetRef = builder.objectRef<RoleRow>('PermissionSet').implement({
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

export async function grants(ctx: MetadataContext, input: GrantInput) {
  return checkGrants(await loadCatalog(ctx.platform.sql, ctx.principal.tenantId), input);
}

/** A name for a rule created without one: `<object>Rule<n>`, the first n not taken (names are unique per tenant). */
async function freeRuleName(db: Db, tenantId: string, object: string): Promise<string> {
  const { rows } = await db.query<{ name: string }>('select name from tessera.sharing_rules where tenant_id = $1 and name like $2', [tenantId, `${object}Rule%`]);
  const taken = new Set(rows.map((r) => r.name));
  let n = 1;
  while (taken.has(`${object}Rule${n}`)) n += 1;
  return `${object}Rule${n}`;
}

/** A role's or permission set's row as the permissions it grants. */
export const grantOf = (row: RoleRow) => ({ capabilities: row.capabilities, objectPermissions: row.object_permissions as ObjectPermission[], fieldPermissions: row.field_permissions as FieldPermission[] });

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
      const g = await grants(ctx, input as GrantInput);
      return securityChange(ctx, 'role', 'createRole', `role ${input.name}`, async (db, guard) => {
        guard.grant(g, `The role ${input.name}`);
        const parent = input.parent ? await idByName(db, 'roles', ctx.principal.tenantId, input.parent, '/parent') : null;
        const { rows } = await db.query(
          'insert into tessera.roles (id, tenant_id, name, parent_id, object_permissions, field_permissions, capabilities) values ($1, $2, $3, $4, $5, $6, $7) returning *',
          [uuidv7(), ctx.principal.tenantId, input.name, parent, JSON.stringify(g.objectPermissions), JSON.stringify(g.fieldPermissions), JSON.stringify(g.capabilities)]);
        return { result: rows[0], after: rows[0] };
      });
    },
  }),
  updateRole: t.field({
    type: RoleRef, args: { name: t.arg.string({ required: true }), input: t.arg({ type: RoleUpdateInput, required: true }) },
    resolve: async (_r, { name, input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'role', 'updateRole', `role ${name}`, async (db, guard) => {
        const id = await idByName(db, 'roles', ctx.principal.tenantId, name, '/name');
        const before = (await db.query('select * from tessera.roles where id = $1 for update', [id])).rows[0];
        guard.grant(grantOf(before), `The role ${name}`);
        const g = await grants(ctx, {
          name: input.name ?? before.name, objectPermissions: input.objectPermissions ?? before.object_permissions,
          fieldPermissions: input.fieldPermissions ?? before.field_permissions, capabilities: input.capabilities ?? before.capabilities,
        } as GrantInput);
        guard.grant(g, `The role ${name}`);
        let parent = before.parent_id;
        if (input.parent !== undefined) {
          parent = input.parent === null ? null : await idByName(db, 'roles', ctx.principal.tenantId, input.parent, '/parent');
          const { rows } = await db.query(
            'with recursive up(id) as (select $1::uuid union select r.parent_id from tessera.roles r join up on r.id = up.id where r.parent_id is not null) select 1 from up where id = $2', [parent, id]);
          if (parent && rows.length) throw new PlatformError('CONFLICT', 'A role cannot be below itself', { details: [{ pointer: '/parent', message: 'would make a cycle' }] });
        }
        const { rows } = await db.query(
          'update tessera.roles set name = $2, parent_id = $3, object_permissions = $4, field_permissions = $5, capabilities = $6 where id = $1 returning *',
          [id, input.name ?? before.name, parent, JSON.stringify(g.objectPermissions), JSON.stringify(g.fieldPermissions), JSON.stringify(g.capabilities)]);
        return { result: rows[0], before, after: rows[0] };
      });
    },
  }),
  createPermissionSet: t.field({
    type: PermissionSetRef, args: { input: t.arg({ type: PermissionSetInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      const g = await grants(ctx, input as GrantInput);
      return securityChange(ctx, 'permissionSet', 'createPermissionSet', `permission set ${input.name}`, async (db, guard) => {
        guard.grant(g, `The permission set ${input.name}`);
        const { rows } = await db.query(
          'insert into tessera.permission_sets (id, tenant_id, name, object_permissions, field_permissions, capabilities) values ($1, $2, $3, $4, $5, $6) returning *',
          [uuidv7(), ctx.principal.tenantId, input.name, JSON.stringify(g.objectPermissions), JSON.stringify(g.fieldPermissions), JSON.stringify(g.capabilities)]);
        return { result: rows[0], after: rows[0] };
      });
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
      return securityChange(ctx, 'group', 'createGroup', `group ${input.name}`, async (db) => {
        const { rows } = await db.query('insert into tessera.groups (id, tenant_id, name) values ($1, $2, $3) returning id, name', [uuidv7(), ctx.principal.tenantId, input.name]);
        for (const [i, m] of (input.members ?? []).entries()) {
          const target = await resolveShareTarget(db, ctx.principal.tenantId, m, `/members/${i}`);
          await db.query('insert into tessera.group_members (group_id, member_type, member_id) values ($1, $2, $3)', [rows[0].id, target.type, target.id]);
        }
        return { result: rows[0], after: input };
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
      const api = await ctx.platform.schemas.get(ctx.principal.tenantId);
      const probe = checkRuleFilter(api.model, input.object, input.filter as Record<string, unknown>, ctx.security);
      return securityChange(ctx, 'sharingRule', 'createSharingRule', `sharing rule on ${input.object}`, async (db) => {
        await db.query('savepoint probe');
        try {
          await db.query(probe.text, probe.params as unknown[]);
        } catch {
          throw new PlatformError('VALIDATION_FAILED', 'A value of the filter does not fit its field', { details: [{ pointer: '/filter', message: 'a value does not fit its field' }] });
        }
        const target = await resolveShareTarget(db, ctx.principal.tenantId, input.shareWith, '/shareWith');
        const name = input.name?.trim() || await freeRuleName(db, ctx.principal.tenantId, input.object);
        const { rows } = await db.query(
          'insert into tessera.sharing_rules (id, tenant_id, object, name, filter, share_with_type, share_with_id, access) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *',
          [uuidv7(), ctx.principal.tenantId, input.object, name, JSON.stringify(input.filter), target.type, target.id, input.access]);
        return { result: rows[0], after: rows[0] };
      });
    },
  }),
  deleteSharingRule: t.field({
    type: SharingRuleRef, args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'sharingRule', 'deleteSharingRule', `sharing rule ${args.id}`, async (db) => {
        const { rows } = await db.query('delete from tessera.sharing_rules where id = $1 and tenant_id = $2 returning *', [String(args.id), ctx.principal.tenantId]);
        if (!rows.length) throw new PlatformError('NOT_FOUND', 'No such sharing rule');
        return { result: rows[0], before: rows[0] };
      });
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
