import { rollbackDocument } from '../../kinds/rollback.ts';
import { builder } from './builder.ts';
import { actorOf, hasCapability, requireCapability } from './capabilities.ts';
import { PlanRef } from './types.ts';

builder.mutationField('rollbackMetadata', (t) => t.field({
  type: PlanRef,
  description: 'Restores the configuration as it was right after the history entry `to` (metadataHistory\'s seq), as one change: items made since are removed (objects and fields recoverably), items changed or removed since are put back. Each kind touched needs its own right, as in applyMetadata. With dryRun: true, returns the plan and changes nothing.',
  args: { to: t.arg.int({ required: true }), dryRun: t.arg.boolean() },
  resolve: (_root, args, ctx) => {
    if (!hasCapability(ctx, 'manageMetadata') && !hasCapability(ctx, 'manageUsers')) requireCapability(ctx, 'manageMetadata');
    const { platform } = ctx;
    return rollbackDocument({ kinds: platform.kinds, changes: platform.changes, engine: platform.engine }, ctx.principal.tenantId, actorOf(ctx), args.to, { dryRun: args.dryRun === true });
  },
}));
