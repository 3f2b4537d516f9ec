import { findApiKey, issueApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from '../../auth/api-key-store.ts';
import { getUser } from '../../auth/users.ts';
import { PlatformError } from '../../errors/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, hasCapability, requireCapability } from './capabilities.ts';
import { UserRef } from './users.ts';

const keyFields = (t: any) => ({
  id: t.exposeID('id'),
  name: t.exposeString('name'),
  prefix: t.exposeString('prefix', { description: 'The public part of the key (tsk_<prefix>_…), to recognize it.' }),
  createdAt: t.exposeString('createdAt'),
  user: t.field({
    type: UserRef,
    resolve: async (k: ApiKeyInfo, _args: unknown, ctx: MetadataContext) => (await getUser(ctx.platform.sql, ctx.principal.tenantId, k.userId))!,
  }),
});

export const ApiKeyRef = builder.objectRef<ApiKeyInfo>('ApiKey').implement({
  description: 'An API key as listed: its secret is never shown again.',
  fields: (t) => ({
    ...keyFields(t),
    lastUsedAt: t.string({ nullable: true, description: 'Updated at most once a minute.', resolve: (k) => k.lastUsedAt }),
    revokedAt: t.string({ nullable: true, resolve: (k) => k.revokedAt }),
  }),
});

export const NewApiKeyRef = builder.objectRef<ApiKeyInfo & { key: string }>('NewApiKey').implement({
  fields: (t) => ({
    ...keyFields(t),
    key: t.exposeString('key', { description: 'The key: shown this once, stored only hashed. Send it as Authorization: Bearer <key>.' }),
  }),
});

/** What the history keeps of a key: never its secret or the secret's hash. */
const described = ({ id, name, prefix, userId, revokedAt }: ApiKeyInfo) => ({ id, name, prefix, userId, revokedAt });

/** Callers manage their own keys; other users' keys need manageUsers. */
function requireOwnerOrManager(ctx: MetadataContext, userId: string): void {
  if (userId !== ctx.principal.userId) requireCapability(ctx, 'manageUsers');
}

builder.queryFields((t) => ({
  apiKeys: t.field({
    type: [ApiKeyRef],
    description: 'API keys, never their secrets. Other users\' keys need manageUsers.',
    args: { user: t.arg.id({ description: 'Whose keys. Omitted: every key of the tenant for a user manager, else the caller\'s own.' }) },
    resolve: (_root, args, ctx) => {
      if (args.user != null) {
        requireOwnerOrManager(ctx, String(args.user));
        return listApiKeys(ctx.platform.sql, ctx.principal.tenantId, String(args.user));
      }
      const all = hasCapability(ctx, 'manageUsers');
      return listApiKeys(ctx.platform.sql, ctx.principal.tenantId, all ? undefined : ctx.principal.userId);
    },
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: NewApiKeyRef,
    args: { user: t.arg.id({ required: true }), name: t.arg.string() },
    resolve: (_root, args, ctx) => {
      requireOwnerOrManager(ctx, String(args.user));
      // Recorded in the history like other security changes (no one's rights change: no version bump).
      return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'apiKey', action: 'createApiKey', target: `api key of user ${args.user}`, guarded: true }, async (tx) => {
        const guard = tx.guard!;
        // A key minted for someone else by a non-administrator carries at most its issuer's rights, for as long as it lives.
        const key = await issueApiKey(tx.sql, ctx.principal.tenantId, String(args.user), args.name, guard.unbounded ? null : ctx.principal.userId);
        // A key acts as its user: minting one for someone else needs their rights within the caller's.
        guard.touch(key.userId, { credentials: true, pointer: '/user' });
        return { result: key, after: described(key) };
      });
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    description: 'Revokes a key: it is refused at once.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const key = await findApiKey(ctx.platform.sql, ctx.principal.tenantId, String(args.id));
      if (!key) throw new PlatformError('NOT_FOUND', `No API key ${args.id} in this tenant`);
      requireOwnerOrManager(ctx, key.userId);
      const revoked = await ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'apiKey', action: 'revokeApiKey', target: `api key ${key.id}`, guarded: true }, async (tx) => {
        tx.guard!.touch(key.userId, { pointer: '/id' });
        const row = await revokeApiKey(tx.sql, ctx.principal.tenantId, key.id);
        return { result: row, before: described(key), after: described(row) };
      });
      ctx.platform.auth.forget({ apiKeyId: key.id });
      return revoked;
    },
  }),
}));
