import { limitsFrom } from '../../model/limits.ts';
import { inTransaction, LocalApi, type OperationContext } from '../../operations/index.ts';
import { loadFixtures, readSampleData, requireInstalled } from '../../packages/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { requireAdmin } from './capabilities.ts';

/**
 * Loads an installed package's sample data as the caller: the records API (every rule applies), one
 * transaction, after the install committed (the records need its objects live). Used by
 * installSampleData and by installPackage(sampleData: true).
 */
export async function loadSampleData(ctx: MetadataContext, name: string): Promise<number> {
  const { platform, principal } = ctx;
  const source = await readSampleData(platform.sql, name);
  await requireInstalled(platform.sql, principal.tenantId, source);
  const { model } = await platform.schemas.get(principal.tenantId);
  const limits = limitsFrom(principal.settings);
  return inTransaction(platform.pool, limits.statementTimeoutMs, async (db) => {
    const op: OperationContext = { principal, model, limits, db, via: 'import', pipeline: platform.pipeline, depth: 0, security: ctx.security, commands: platform.plugins.run };
    const api = new LocalApi(op, { via: 'import', limits: { maxQueries: Number.MAX_SAFE_INTEGER } });
    return (await loadFixtures(api, source.document, { users: { admin: principal.userId } })).created;
  });
}

builder.mutationField('installSampleData', (t) => t.int({
  description: 'Loads an installed package\'s sample data (a bundled template\'s sampleData file, or a registry package\'s files["sample-data.json"]) into the tenant as the caller, through the save pipeline, in one transaction; returns the records created. `@admin` in it is the caller. Administrators only.',
  args: { package: t.arg.string({ required: true }) },
  resolve: async (_root, args, ctx) => {
    requireAdmin(ctx, 'load a package\'s sample data');
    return loadSampleData(ctx, args.package);
  },
}));
