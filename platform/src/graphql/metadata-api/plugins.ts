import type { PluginSummary } from '../../plugins/index.ts';
import { builder } from './builder.ts';

const PluginRef = builder.objectRef<PluginSummary>('Plugin').implement({
  description: 'A plugin installed on this server: what it adds to every tenant\'s API and studio.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    label: t.field({ type: 'JSON', resolve: (p) => p.label }),
    description: t.string({ nullable: true, resolve: (p) => p.description }),
    requires: t.field({ type: 'JSON', description: 'The plugins it needs, with semver ranges.', resolve: (p) => p.requires }),
    studio: t.field({
      type: 'JSON',
      description: 'Its studio navigation entries and pages (`{nav: [{label, page}], pages: [{path, title, blocks}]}`): entries needing a capability the caller lacks are left out.',
      resolve: (p, _args, ctx) => ({
        ...p.studio,
        nav: (p.studio.nav ?? []).filter((n) => !n.capability || ctx.security.bypass || ctx.security.capabilities.has(n.capability)),
      }),
    }),
  }),
});

builder.queryField('plugins', (t) => t.field({
  type: [PluginRef],
  description: 'The plugins installed on this server, in the order they run.',
  resolve: (_root, _args, ctx) => ctx.platform.plugins.summaries(),
}));
