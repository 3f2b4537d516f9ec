import { PlatformError } from '../../errors/index.ts';
import type { MetadataKind } from '../../kinds/kind.ts';
import { builder } from './builder.ts';
import { actorOf, requireAdmin, requireCapability } from './capabilities.ts';

/**
 * Deleting one item of a plugin's kind (a workflow, an approval flow…). Documents never delete what
 * they leave out, and the platform cannot declare a delete verb per kind it does not know; built-in
 * kinds keep their own verbs (deleteApp, deleteValidationRule…), which is why only plugins' kinds
 * are offered here. The item goes through the kind's own `apply`, in one configuration change.
 */
builder.mutationField('deletePluginItem', (t) => t.boolean({
  description: 'Deletes one item of a kind a plugin registered (by its document key, e.g. `workflows`, `approvalFlows`), as the kind\'s own right allows.',
  args: { kind: t.arg.string({ required: true }), name: t.arg.string({ required: true }) },
  resolve: (_root, args, ctx) => {
    const kind = ctx.platform.plugins.list().flatMap((p) => p.metadataKinds ?? []).find((k): k is MetadataKind => 'documentKey' in k && k.documentKey === args.kind);
    if (!kind) throw new PlatformError('NOT_FOUND', `No plugin registers the kind "${args.kind}"`, { details: [{ pointer: '/kind', message: 'no such plugin kind' }] });
    if (kind.capability === 'admin') requireAdmin(ctx, `delete ${args.kind}`);
    else requireCapability(ctx, kind.capability);
    return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: kind.name, action: 'delete', target: args.name }, async (tx) => {
      const item = (await kind.load(tx)).find((i) => kind.keyOf(i) === args.name);
      if (!item) throw new PlatformError('NOT_FOUND', `There is no ${kind.name} "${args.name}"`, { details: [{ pointer: '/name', message: `no such ${kind.name}` }] });
      await kind.apply(tx, { action: 'delete', key: args.name, pointer: '', before: item, after: null });
      return { result: true };
    });
  },
}));
