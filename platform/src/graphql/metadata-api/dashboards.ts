import { getDashboard, listDashboards, removeDashboard, storeDashboard, type Dashboard } from '../../dashboards/store.ts';
import { validateDashboard } from '../../dashboards/validate.ts';
import { changeCatalog } from '../../metadata/index.ts';
import { builder } from './builder.ts';
import { actorOf, requireCapability } from './capabilities.ts';

const DashboardRef = builder.objectRef<Dashboard>('Dashboard').implement({
  description: 'A dashboard: chart blocks over objects\' aggregates, run by each viewer with their own permissions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    blocks: t.field({ type: 'JSON', resolve: (d) => d.blocks }),
    updatedAt: t.exposeString('updatedAt'),
  }),
});

const SaveDashboardInput = builder.inputType('SaveDashboardInput', {
  fields: (t) => ({
    id: t.id({ description: 'Omitted: a new dashboard.' }),
    name: t.string({ required: true }),
    blocks: t.field({ type: 'JSON', required: true, description: 'Chart blocks, validated against a JSON Schema and the metadata.' }),
  }),
});

builder.queryFields((t) => ({
  dashboards: t.field({ type: [DashboardRef], resolve: (_r, _a, ctx) => listDashboards(ctx.platform.pool, ctx.principal.tenantId) }),
  dashboard: t.field({
    type: DashboardRef, nullable: true, args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => getDashboard(ctx.platform.pool, ctx.principal.tenantId, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  saveDashboard: t.field({
    type: DashboardRef, args: { input: t.arg({ type: SaveDashboardInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      const name = input.name.trim();
      return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'dashboard', action: 'saveDashboard', target: name }, async (tx) => {
        const blocks = validateDashboard({ name: input.name, blocks: input.blocks }, await changeCatalog(tx));
        const result = await storeDashboard(tx, { id: input.id == null ? null : String(input.id), name, blocks });
        await ctx.platform.engine.syncFunnels(tx);
        return { result };
      });
    },
  }),
  deleteDashboard: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'dashboard', action: 'deleteDashboard', target: String(args.id) }, async (tx) => {
        await removeDashboard(tx, String(args.id));
        await ctx.platform.engine.syncFunnels(tx);
        return { result: true };
      });
    },
  }),
}));
