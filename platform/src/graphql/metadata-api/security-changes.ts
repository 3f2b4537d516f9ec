import { PlatformError } from '../../errors/index.ts';
import { idByName, userInTenant, type GrantInput } from '../../security/admin.ts';
import { resolveShareTarget } from '../../security/share-target.ts';
import { builder } from './builder.ts';
import { requireCapability } from './capabilities.ts';
import { grantFields, grantOf, GroupRef, PermissionSetRef, securityChange, ShareTargetInput } from './security.ts';
import { deleteGroup } from '../../security/kinds/groups.ts';
import { deletePermissionSet, updatePermissionSet } from '../../security/kinds/permission-sets.ts';
import { deleteRole } from '../../security/kinds/roles.ts';

/**
 * Undoing security setup: deleting roles, permission sets and groups, editing permission sets,
 * unassigning them and removing group members. Each is one audited security change. What still refers
 * to a role or group (users, child roles, sharing rules, group memberships) keeps it: the refusal names it.
 */

const PermissionSetUpdateInput = builder.inputType('PermissionSetUpdateInput', { fields: (t) => ({ name: t.string(), ...grantFields(t) }) });

builder.mutationFields((t) => ({
  deleteRole: t.boolean({
    description: 'Deletes a role no user, child role, sharing rule or group refers to (else CONFLICT naming them in extensions.dependants).',
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, { name }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'role', 'deleteRole', `role ${name}`, async (_db, _guard, tx) => {
        await deleteRole(tx, ctx.platform.kinds, name);
        return { result: true };
      });
    },
  }),
  updatePermissionSet: t.field({
    type: PermissionSetRef,
    args: { name: t.arg.string({ required: true }), input: t.arg({ type: PermissionSetUpdateInput, required: true }) },
    resolve: async (_r, { name, input }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'permissionSet', 'updatePermissionSet', `permission set ${name}`, async (_db, _guard, tx) => ({ result: await updatePermissionSet(tx, name, input as Partial<GrantInput>) }));
    },
  }),
  deletePermissionSet: t.boolean({
    description: 'Deletes a permission set; the users it was assigned to lose what it granted.',
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, { name }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'permissionSet', 'deletePermissionSet', `permission set ${name}`, async (_db, _guard, tx) => {
        await deletePermissionSet(tx, name);
        return { result: true };
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
    description: 'Deletes a group no sharing rule or other group refers to (else CONFLICT naming them); its manual shares go with it.',
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, { name }, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return securityChange(ctx, 'group', 'deleteGroup', `group ${name}`, async (_db, _guard, tx) => {
        await deleteGroup(tx, ctx.platform.kinds, name);
        return { result: true };
      });
    },
  }),
}));
