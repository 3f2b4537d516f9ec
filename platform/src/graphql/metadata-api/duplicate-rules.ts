import { PlatformError } from '../../errors/index.ts';
import type { DuplicateRule } from '../../metadata/definitions.ts';
import { loadDocumentItems } from '../../plugins/document-items.ts';
import { builder } from './builder.ts';
import { actorOf, requireCapability } from './capabilities.ts';

builder.queryField('duplicateRules', (t) => t.field({
  type: 'JSON',
  description: 'The tenant\'s duplicate rules (as `duplicateRules` in applyMetadata documents), by name; of one object with `object`.',
  args: { object: t.arg.string() },
  resolve: async (_root, args, ctx) => {
    requireCapability(ctx, 'manageMetadata');
    const rules = await loadDocumentItems<DuplicateRule & Record<string, unknown>>(ctx.platform.sql, ctx.principal.tenantId, 'duplicateRule');
    return args.object ? rules.filter((r) => r.object === args.object) : rules;
  },
}));

builder.mutationField('deleteDuplicateRule', (t) => t.boolean({
  description: 'Deletes a duplicate rule (and the indexes only it read). Documents never delete rules they leave out.',
  args: { name: t.arg.string({ required: true }) },
  resolve: (_root, args, ctx) => {
    requireCapability(ctx, 'manageMetadata');
    const kind = ctx.platform.kinds.byDocumentKey('duplicateRules')!;
    return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'duplicateRule', action: 'deleteDuplicateRule', target: args.name }, async (tx) => {
      const rule = (await kind.load(tx)).find((r: DuplicateRule) => r.name === args.name);
      if (!rule) throw new PlatformError('NOT_FOUND', `There is no duplicate rule "${args.name}"`, { details: [{ pointer: '/name', message: 'no such rule' }] });
      await kind.apply(tx, { action: 'delete', key: rule.name, pointer: '', before: rule, after: null });
      return { result: true };
    });
  },
}));
