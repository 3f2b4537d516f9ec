import { PlatformError } from '../../errors/index.ts';
import type { ValidationRule } from '../../metadata/definitions.ts';
import { loadDocumentItems } from '../../plugins/document-items.ts';
import { builder } from './builder.ts';
import { actorOf, requireCapability } from './capabilities.ts';

builder.queryField('validationRules', (t) => t.field({
  type: 'JSON',
  description: 'The tenant\'s validation rules (as `validationRules` in applyMetadata documents), by name; of one object with `object`.',
  args: { object: t.arg.string() },
  resolve: async (_root, args, ctx) => {
    requireCapability(ctx, 'manageMetadata');
    const rules = await loadDocumentItems<ValidationRule & Record<string, unknown>>(ctx.platform.sql, ctx.principal.tenantId, 'validationRule');
    return args.object ? rules.filter((r) => r.object === args.object) : rules;
  },
}));

builder.mutationField('deleteValidationRule', (t) => t.boolean({
  description: 'Deletes a validation rule. Documents never delete rules they leave out.',
  args: { name: t.arg.string({ required: true }) },
  resolve: (_root, args, ctx) => {
    requireCapability(ctx, 'manageMetadata');
    const kind = ctx.platform.kinds.byDocumentKey('validationRules')!;
    return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'validationRule', action: 'deleteValidationRule', target: args.name }, async (tx) => {
      const rule = (await kind.load(tx)).find((r: ValidationRule) => r.name === args.name);
      if (!rule) throw new PlatformError('NOT_FOUND', `There is no validation rule "${args.name}"`, { details: [{ pointer: '/name', message: 'no such rule' }] });
      await kind.apply(tx, { action: 'delete', key: rule.name, pointer: '', before: rule, after: null });
      return { result: true };
    });
  },
}));
