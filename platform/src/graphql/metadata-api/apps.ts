import type { App } from '../../apps/kind.ts';
import { PlatformError } from '../../errors/index.ts';
import { localize } from '../../metadata/index.ts';
import { loadDocumentItems } from '../../plugins/document-items.ts';
import { builder } from './builder.ts';
import { actorOf, requireCapability } from './capabilities.ts';

const AppRef = builder.objectRef<App>('App').implement({
  description: 'A named group of objects with its own navigation (the studio\'s app switcher). Defined as metadata: `apps` in applyMetadata documents.',
  fields: (t) => ({
    name: t.string({ resolve: (app) => app.name }),
    label: t.string({
      args: { locale: t.arg.string({ description: 'Defaults to the caller\'s locale.' }) },
      resolve: (app, args, ctx) => localize(app.label, args.locale ?? ctx.locale),
    }),
    labels: t.field({ type: 'JSON', resolve: (app) => app.label }),
    objects: t.stringList({
      description: 'Its objects that you may read, in navigation order.',
      resolve: (app, _args, ctx) => app.objects.filter((o) => ctx.security.bypass || ctx.security.object(o).read),
    }),
  }),
});

builder.queryField('apps', (t) => t.field({
  type: [AppRef],
  description: 'The tenant\'s apps, by name (every user sees them, each with the objects they may read).',
  resolve: (_root, _args, ctx) => loadDocumentItems<App>(ctx.platform.sql, ctx.principal.tenantId, 'app'),
}));

builder.mutationField('deleteApp', (t) => t.boolean({
  description: 'Deletes an app (its objects stay). Documents never delete apps they leave out.',
  args: { name: t.arg.string({ required: true }) },
  resolve: (_root, args, ctx) => {
    requireCapability(ctx, 'manageMetadata');
    const kind = ctx.platform.kinds.byDocumentKey('apps')!;
    return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'app', action: 'deleteApp', target: args.name }, async (tx) => {
      const app = (await kind.load(tx)).find((a: App) => a.name === args.name);
      if (!app) throw new PlatformError('NOT_FOUND', `There is no app "${args.name}"`, { details: [{ pointer: '/name', message: 'no such app' }] });
      await kind.apply(tx, { action: 'delete', key: app.name, pointer: '', before: app, after: null });
      return { result: true };
    });
  },
}));
