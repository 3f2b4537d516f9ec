import { createUser, getUser, listUsers, updateUser, type UserRecord } from '../../auth/users.ts';
import { builder } from './builder.ts';
import { CAPABILITIES } from '../../security/model.ts';
import { actorOf, hasCapability, requireCapability } from './capabilities.ts';

export const UserRef = builder.objectRef<UserRecord>('User');

UserRef.implement({
  description: 'A person who signs in to the tenant (password, for the studio) or calls its APIs (API keys).',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    locale: t.exposeString('locale'),
    isActive: t.exposeBoolean('isActive'),
    isAdmin: t.exposeBoolean('isAdmin'),
    role: t.string({ nullable: true, description: 'The name of the user\'s role.', resolve: (u) => u.role }),
    capabilities: t.stringList({
      nullable: true,
      description: 'The admin capabilities the caller holds (through their role or permission sets; an administrator holds them all), so a client shows only the screens they may use. Null for any user but the caller.',
      resolve: (u, _args, ctx) => (u.id === ctx.principal.userId ? CAPABILITIES.filter((c) => hasCapability(ctx, c)) : null),
    }),
    manager: t.field({
      type: UserRef,
      nullable: true,
      resolve: (u, _args, ctx) => (u.managerId ? getUser(ctx.platform.sql, ctx.principal.tenantId, u.managerId) : null),
    }),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string({ required: true, description: 'Unique in the tenant (case-insensitively).' }),
    name: t.string({ required: true }),
    password: t.string({ description: 'At least 8 characters; without one the user can only use API keys.' }),
    role: t.string({ description: 'The name of one of the tenant\'s roles.' }),
    manager: t.id({ description: 'The id of another user of the tenant.' }),
    locale: t.string({ description: 'Defaults to en.' }),
    isAdmin: t.boolean(),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'The properties to change; role or manager given as null removes it.',
  fields: (t) => ({
    name: t.string(),
    role: t.string(),
    manager: t.id(),
    locale: t.string(),
    isActive: t.boolean({ description: 'false signs the user out everywhere and stops their API keys.' }),
    isAdmin: t.boolean(),
    password: t.string(),
  }),
});

const idOf = (id: string | number | null | undefined) => (id == null ? id : String(id)) as string | null | undefined;

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    description: 'The caller.',
    resolve: async (_root, _args, ctx) => (await getUser(ctx.platform.sql, ctx.principal.tenantId, ctx.principal.userId))!,
  }),
  users: t.field({
    type: [UserRef],
    resolve: (_root, _args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return listUsers(ctx.platform.sql, ctx.principal.tenantId);
    },
  }),
  user: t.field({
    type: UserRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      if (String(args.id) !== ctx.principal.userId) requireCapability(ctx, 'manageUsers');
      return getUser(ctx.platform.sql, ctx.principal.tenantId, String(args.id));
    },
  }),
}));

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserRef,
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      return createUser(ctx.platform.changes, ctx.principal.tenantId, actorOf(ctx), { ...args.input, manager: idOf(args.input.manager) });
    },
  }),
  updateUser: t.field({
    type: UserRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      requireCapability(ctx, 'manageUsers');
      const id = String(args.id);
      const { user, deactivated, passwordChanged } = await updateUser(ctx.platform.changes, ctx.principal.tenantId, actorOf(ctx), id, { ...args.input, manager: idOf(args.input.manager) });
      ctx.platform.auth.forget({ userId: id });
      ctx.platform.sessions.forget({ userId: id });
      // Deactivation, or a password an administrator reset, ends the user's studio sessions.
      if (deactivated || (passwordChanged && id !== ctx.principal.userId)) await ctx.platform.sessions.endUserSessions(id);
      return user;
    },
  }),
}));
