import { readHistory, type HistoryPage, type HistoryRecord } from '../../changes/index.ts';
import { historyCursor } from '../../changes/history.ts';
import { PlatformError } from '../../errors/index.ts';
import { builder } from './builder.ts';

const HistoryActorRef = builder.objectRef<NonNullable<HistoryRecord['actor']>>('HistoryActor').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), email: t.exposeString('email') }),
});

const EntryRef = builder.objectRef<HistoryRecord>('MetadataHistoryEntry').implement({
  description: 'One configuration change: who made it, through what, when, and the changed item before and after (never a secret).',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Its place in the tenant\'s history (commit order).' }),
    version: t.exposeInt('version', { description: 'The metadata version after the change.' }),
    securityVersion: t.exposeInt('securityVersion', { nullable: true, description: 'The security version after the change.' }),
    at: t.exposeString('at'),
    actor: t.field({ type: HistoryActorRef, nullable: true, description: 'Null: the system (the CLI, a template).', resolve: (e) => e.actor }),
    via: t.exposeString('via', { description: 'api, studio, cli, template or system.' }),
    kind: t.exposeString('kind', { description: 'object, script, role, permissionSet, group, sharingRule, listView, dashboard, user, apiKey, share, or a plugin\'s kind.' }),
    action: t.exposeString('action'),
    target: t.exposeString('target', { description: 'The item changed (`lead`, `lead.phone`, `role sales`…).' }),
    before: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.before ?? null }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.after ?? null }),
  }),
});

const EdgeRef = builder.objectRef<HistoryRecord>('MetadataHistoryEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => historyCursor(e.seq) }),
    node: t.field({ type: EntryRef, resolve: (e) => e }),
  }),
});

const PageInfoRef = builder.objectRef<HistoryPage>('MetadataHistoryPageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.string({ nullable: true, resolve: (p) => p.endCursor }),
  }),
});

const ConnectionRef = builder.objectRef<HistoryPage & { kinds: string[] }>('MetadataHistoryConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [EdgeRef], resolve: (p) => p.entries }),
    nodes: t.field({ type: [EntryRef], resolve: (p) => p.entries }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (p) => p }),
    kinds: t.stringList({ description: 'The kinds whose history the caller may read (those they may change).', resolve: (p) => p.kinds }),
  }),
});

const FilterInput = builder.inputType('MetadataHistoryFilter', {
  fields: (t) => ({
    kinds: t.stringList({ description: 'Only these kinds.' }),
    actor: t.string({ description: 'Only changes by this user (an id), or "system" for changes without one.' }),
    target: t.string({ description: 'Only targets containing this text (ignoring case).' }),
  }),
});

builder.queryFields((t) => ({
  metadataHistory: t.field({
    type: ConnectionRef,
    description: 'The tenant\'s configuration history, newest first (the setup audit trail). Holders of manageMetadata read the changes of objects, scripts, list views and dashboards; holders of manageUsers those of users, roles, permission sets, groups, sharing rules, shares and API keys; administrators all.',
    args: {
      first: t.arg.int({ description: 'At most this many entries (1-200, default 50).' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
      filter: t.arg({ type: FilterInput }),
    },
    resolve: async (_root, args, ctx) => {
      const kinds = ctx.platform.kinds.visibleKinds(ctx.security);
      if (kinds.length === 0) throw new PlatformError('FORBIDDEN', 'The metadata history needs the manageMetadata or manageUsers capability');
      const page = await readHistory(ctx.platform.sql, ctx.principal.tenantId, {
        first: args.first ?? 50, after: args.after, visibleKinds: kinds, kinds: args.filter?.kinds, actor: args.filter?.actor, target: args.filter?.target,
      });
      return { ...page, kinds };
    },
  }),
}));
