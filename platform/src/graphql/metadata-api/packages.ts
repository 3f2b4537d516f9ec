import { bundledListings, bundledTemplates, listMarketplace, publishPackage, type MarketplaceListing, type PublishedVersion } from '../../packages/index.ts';
import { localize } from '../../metadata/index.ts';
import { builder } from './builder.ts';

const PublishedVersionRef = builder.objectRef<PublishedVersion>('PublishedPackageVersion').implement({
  description: 'A package version the registry accepted.',
  fields: (t) => ({
    name: t.exposeString('name'),
    namespace: t.exposeString('namespace'),
    version: t.exposeString('version'),
    publisher: t.exposeString('publisher', { description: 'The registered publisher whose key signed it.' }),
  }),
});

const ListingRef = builder.objectRef<MarketplaceListing>('MarketplacePackage').implement({
  description: 'A package in the registry: its latest version\'s manifest and every version published.',
  fields: (t) => ({
    name: t.exposeString('name'),
    namespace: t.exposeString('namespace'),
    publisher: t.exposeString('publisher'),
    latestVersion: t.exposeString('latestVersion', { description: 'The highest release (a pre-release only when there is no release yet).' }),
    versions: t.exposeStringList('versions', { description: 'Every published version, newest first.' }),
    label: t.string({ args: { locale: t.arg.string({ description: 'Defaults to the caller\'s locale.' }) }, resolve: (p, args, ctx) => localize(p.label, args.locale ?? ctx.locale) }),
    labels: t.field({ type: 'JSON', resolve: (p) => p.label }),
    description: t.string({ nullable: true, args: { locale: t.arg.string() }, resolve: (p, args, ctx) => (p.description ? localize(p.description, args.locale ?? ctx.locale) : null) }),
    descriptions: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.description }),
    rights: t.exposeStringList('rights', { description: 'The capabilities it asks for, shown before install.' }),
    dependencies: t.field({ type: 'JSON', description: 'Package name → semver range.', resolve: (p) => p.dependencies }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, description: 'When its latest version was published (null: a bundled template, shipped with the platform).', resolve: (p) => p.publishedAt }),
    source: t.exposeString('source', { description: 'BUNDLED (a template shipped with the platform: crm-core and the industry templates) or REGISTRY (published by an ISV).' }),
    sampleData: t.exposeBoolean('sampleData', { description: 'Whether its latest version ships sample data: installPackage(sampleData: true) loads it, or installSampleData once installed.' }),
  }),
});

builder.queryField('marketplace', (t) => t.field({
  type: [ListingRef],
  description: 'The bundled templates (source BUNDLED: crm-core first, then the industry templates), then the packages published to this platform\'s registry, by name; `search` keeps those whose name, namespace, label or description (en or zh-CN) contains it. Each installs with installPackage.',
  args: { search: t.arg.string() },
  resolve: (_root, args, ctx) => listMarketplace(ctx.platform.sql, args.search, { bundled: bundledListings() }),
}));

builder.mutationField('publishPackage', (t) => t.field({
  type: PublishedVersionRef,
  description: 'Publishes a built package (`tessera package build`: {manifest, files?, signature}). The signature is the authority: it must verify over the contents and be the key of a registered, unrevoked publisher that owns the package\'s name and namespace; whoever sends it is recorded.',
  args: { package: t.arg({ type: 'JSON', required: true }) },
  resolve: (_root, args, ctx) => publishPackage(ctx.platform.pool, args.package, {
    publishedBy: ctx.principal.userId ?? null,
    documentKeys: ctx.platform.kinds.metadataKinds().map((k) => k.documentKey),
    bundled: bundledTemplates(),
  }),
}));
