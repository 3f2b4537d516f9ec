import { deleteDashboard, getDashboard, listDashboards, saveDashboard, type Dashboard } from '../../dashboards/store.ts';
import { validateDashboard } from '../../dashboards/validate.ts';
import { PlatformError } from '../../errors/index.ts';
import { loadCatalog } from '../../metadata/index.ts';
import { builder } from './builder.ts';
import { requireCapability } from './capabilities.ts';

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
      const blocks = validateDashboard({ name: input.name, blocks: input.blocks }, await loadCatalog(ctx.platform.sql, ctx.principal.tenantId));
      return saveDashboard(ctx.platform.pool, { tenantId: ctx.principal.tenantId, userId: ctx.principal.userId }, { id: input.id == null ? null : String(input.id), name: input.name.trim(), blocks });
    },
  }),
  deleteDashboard: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      if (!(await deleteDashboard(ctx.platform.pool, ctx.principal.tenantId, String(args.id)))) throw new PlatformError('NOT_FOUND', `No dashboard ${args.id}`);
      return true;
    },
  }),
}));
