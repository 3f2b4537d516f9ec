import { PlatformError } from '../../errors/index.ts';
import { idByName, userInTenant, type GrantInput } from '../../security/admin.ts';
import { principalKey, resolveShareTarget } from '../../security/share-target.ts';
import { builder, type MetadataContext } from './builder.ts';
import { requireCapability } from './capabilities.ts';
import { grantFields, grantOf, grants, GroupRef, PermissionSetRef, securityChange, ShareTargetInput } from './security.ts';
import type { Db } from '../../storage/sql/runner.ts';

/**
 * Undoing security setup: deleting roles, permission sets and groups, editing permission sets,
 * unassigning them and removing group members. Each is one audited security change. What still refers
 * to a role or group (users, child roles, sharing rules, group memberships) keeps it: the refusal names it.
 */

const PermissionSetUpdateInput = builder.inputType('PermissionSetUpdateInput', { fields: (t) => ({ name: t.string(), ...grantFields(t) }) });

async function refuseIfUsed(db: Db, what: string, checks: [string, string, unknown[]][]): Promise<void> {
  const details = [];
  for (const [label, sql, params] of checks) {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from (${sql}) used`, params);
    if (rows[0].n > 0) details.push({ pointer: '/name', message: `${rows[0].n} ${label}` });
  }
  if (details.length) throw new PlatformError('CONFLICT', `${what} is still in use: ${details.map((d) => d.message).join(', ')}`, { details });
}

/** Manual shares with a principal that no longer exists grant nothing; they are removed with it. */
async function dropShares(ctx: MetadataContext, db: Db, principals: string[]): Promise<void> {
  const api = await ctx.platform.schemas.get(ctx.principal.tenantId);
  await db.query(`delete from "${api.model.schema}"."_share" where "principal" = any($1::text[])`, [principals]);
}

builder.mutationFields((t) => ({
  deleteRole: t.boolean({
    description: 'Deletes a role no user, child role, sharing rule or group membership refers to.',
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, { name }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'role', 'deleteRole', `role ${name}`, async (db, guard) => {
        const id = await idByName(db, 'roles', ctx.principal.tenantId, name, '/name');
        const before = (await db.query('select * from tessera.roles where id = $1 for update', [id])).rows[0];
        guard.grant(grantOf(before), `The role ${name}`);
        await refuseIfUsed(db, `The role ${name}`, [
          ['users have it', 'select 1 from tessera.users where role_id = $1', [id]],
          ['roles are below it', 'select 1 from tessera.roles where parent_id = $1', [id]],
          ['sharing rules share with it', `select 1 from tessera.sharing_rules where share_with_id = $1 and share_with_type in ('role', 'roleAndSubordinates')`, [id]],
          ['groups have it as a member', `select 1 from tessera.group_members where member_id = $1 and member_type in ('role', 'roleAndSubordinates')`, [id]],
        ]);
        await dropShares(ctx, db, [principalKey('role', id), principalKey('roleAndSubordinates', id)]);
        await db.query('delete from tessera.roles where id = $1', [id]);
        return { result: true, before };
      });
    },
  }),
  updatePermissionSet: t.field({
    type: PermissionSetRef,
    args: { name: t.arg.string({ required: true }), input: t.arg({ type: PermissionSetUpdateInput, required: true }) },
    resolve: async (_r, { name, input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'permissionSet', 'updatePermissionSet', `permission set ${name}`, async (db, guard) => {
        const id = await idByName(db, 'permission_sets', ctx.principal.tenantId, name, '/name');
        const before = (await db.query('select * from tessera.permission_sets where id = $1 for update', [id])).rows[0];
        guard.grant(grantOf(before), `The permission set ${name}`);
        const g = await grants(ctx, {
          name: input.name ?? before.name, objectPermissions: input.objectPermissions ?? before.object_permissions,
          fieldPermissions: input.fieldPermissions ?? before.field_permissions, capabilities: input.capabilities ?? before.capabilities,
        } as GrantInput);
        guard.grant(g, `The permission set ${name}`);
        const { rows } = await db.query(
          'update tessera.permission_sets set name = $2, object_permissions = $3, field_permissions = $4, capabilities = $5 where id = $1 returning *',
          [id, input.name ?? before.name, JSON.stringify(g.objectPermissions), JSON.stringify(g.fieldPermissions), JSON.stringify(g.capabilities)]);
        return { result: rows[0], before, after: rows[0] };
      });
    },
  }),
  deletePermissionSet: t.boolean({
    description: 'Deletes a permission set; the users it was assigned to lose what it granted.',
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, { name }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'permissionSet', 'deletePermissionSet', `permission set ${name}`, async (db, guard) => {
        const id = await idByName(db, 'permission_sets', ctx.principal.tenantId, name, '/name');
        guard.grant(grantOf((await db.query('select * from tessera.permission_sets where id = $1', [id])).rows[0]), `The permission set ${name}`);
        const { rows } = await db.query('delete from tessera.permission_sets where id = $1 returning *', [id]);
        return { result: true, before: rows[0] };
      });
    },
  }),
  unassignPermissionSet: t.field({
    type: PermissionSetRef, args: { user: t.arg.id({ required: true }), permissionSet: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'user', 'unassignPermissionSet', `user ${args.user}`, async (db, guard) => {
        const user = await userInTenant(db, ctx.principal.tenantId, String(args.user), '/user');
        const set = await idByName(db, 'permission_sets', ctx.principal.tenantId, args.permissionSet, '/permissionSet');
        guard.grant(grantOf((await db.query('select * from tessera.permission_sets where id = $1', [set])).rows[0]), `The permission set ${args.permissionSet}`);
        guard.touch(user, { pointer: '/user' });
        const { rowCount } = await db.query('delete from tessera.user_permission_sets where user_id = $1 and permission_set_id = $2', [user, set]);
        if (!rowCount) throw new PlatformError('NOT_FOUND', `The user does not have the permission set ${args.permissionSet}`, { details: [{ pointer: '/permissionSet', message: 'not assigned to this user' }] });
        return { result: (await db.query('select * from tessera.permission_sets where id = $1', [set])).rows[0], before: { user, permissionSet: args.permissionSet } };
      });
    },
  }),
  removeGroupMember: t.field({
    type: GroupRef, args: { group: t.arg.string({ required: true }), member: t.arg({ type: ShareTargetInput, required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'group', 'removeGroupMember', `group ${args.group}`, async (db) => {
        const group = await idByName(db, 'groups', ctx.principal.tenantId, args.group, '/group');
        const target = await resolveShareTarget(db, ctx.principal.tenantId, args.member, '/member');
        const { rowCount } = await db.query('delete from tessera.group_members where group_id = $1 and member_type = $2 and member_id = $3', [group, target.type, target.id]);
        if (!rowCount) throw new PlatformError('NOT_FOUND', `That is not a member of the group ${args.group}`, { details: [{ pointer: '/member', message: 'not a member' }] });
        return { result: (await db.query('select id, name from tessera.groups where id = $1', [group])).rows[0], before: args.member };
      });
    },
  }),
  deleteGroup: t.boolean({
    description: 'Deletes a group no sharing rule or other group refers to; its manual shares go with it.',
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, { name }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'group', 'deleteGroup', `group ${name}`, async (db) => {
        const id = await idByName(db, 'groups', ctx.principal.tenantId, name, '/name');
        await refuseIfUsed(db, `The group ${name}`, [
          ['sharing rules share with it', `select 1 from tessera.sharing_rules where share_with_id = $1 and share_with_type = 'group'`, [id]],
          ['groups have it as a member', `select 1 from tessera.group_members where member_id = $1 and member_type = 'group'`, [id]],
        ]);
        const members = (await db.query('select member_type as type, member_id as id from tessera.group_members where group_id = $1', [id])).rows;
        await dropShares(ctx, db, [principalKey('group', id)]);
        await db.query('delete from tessera.groups where id = $1', [id]);
        return { result: true, before: { name, members } };
      });
    },
  }),
}));
