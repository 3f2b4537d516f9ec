import { PlatformError } from '../../errors/index.ts';
import {
  installPackage, listInstalled, readSampleData, uninstallPackage, upgradePackage,
  type InstalledPackage, type LifecycleDeps, type PackageChange, type PackageConflict, type PackageOverride, type PackagePlan, type PackageRef,
} from '../../packages/index.ts';
import { localize } from '../../metadata/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, requireAdmin } from './capabilities.ts';
import { loadSampleData } from './sample-data.ts';

const lifecycle = (ctx: MetadataContext): LifecycleDeps => ({
  kinds: ctx.platform.kinds, changes: ctx.platform.changes, engine: ctx.platform.engine, sql: ctx.platform.sql,
  hasPlugin: (name) => ctx.platform.plugins.has(name),
  records: { pipeline: ctx.platform.pipeline, commands: ctx.platform.plugins.run },
});

const PackageRefRef = builder.objectRef<PackageRef>('PackageRef').implement({
  fields: (t) => ({ name: t.exposeString('name'), version: t.exposeString('version') }),
});

const PackageChangeRef = builder.objectRef<PackageChange>('PackageChange').implement({
  description: 'One step of a package plan.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'object, field, or the kind of another component (workflow, pool, listView…).' }),
    action: t.exposeString('action', { description: 'create, update or delete.' }),
    name: t.exposeString('name', { description: 'The component: `lead`, `lead.acme__score`, a workflow\'s name.' }),
    destructive: t.exposeBoolean('destructive', { description: 'Removes a component or field: upgrades need allowDestructive.' }),
    detail: t.string({ nullable: true, resolve: (c) => c.detail ?? null }),
    package: t.exposeString('package', { description: 'The package whose step it is (dependencies are installed first).' }),
  }),
});

const PackageConflictRef = builder.objectRef<PackageConflict>('PackageConflict').implement({
  description: 'A component the package brings that exists already: unowned (applied by hand) or another package\'s. Reported, never merged.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    name: t.exposeString('name'),
    pointer: t.exposeString('pointer', { description: 'Where it is in the package\'s manifest.' }),
    message: t.exposeString('message'),
    package: t.exposeString('package'),
  }),
});

const PackageOverrideRef = builder.objectRef<PackageOverride>('PackageOverride').implement({
  description: 'Something a subscriber changed in a package\'s component: the package\'s value and the live one.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    name: t.exposeString('name'),
    pointer: t.exposeString('pointer', { description: 'Where in the component: `/label/zh-CN`, `/fields/myField`, `/layout`.' }),
    packageValue: t.field({ type: 'JSON', nullable: true, resolve: (o) => o.packageValue ?? null }),
    value: t.field({ type: 'JSON', nullable: true, resolve: (o) => o.value ?? null }),
  }),
});

const MigrationRunRef = builder.objectRef<{ object: string; updated: number }>('PackageMigrationRun').implement({
  fields: (t) => ({ object: t.exposeString('object'), updated: t.exposeInt('updated') }),
});

const PackagePlanRef = builder.objectRef<PackagePlan>('PackagePlan').implement({
  description: 'What installing, upgrading or uninstalling a package does (dry run) or did.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    from: t.string({ nullable: true, description: 'The version installed before (upgrade, uninstall).', resolve: (p) => p.from }),
    dryRun: t.exposeBoolean('dryRun'),
    applied: t.exposeBoolean('applied'),
    install: t.field({ type: [PackageRefRef], description: 'Every package this installs, dependencies first (or the one upgraded or removed).', resolve: (p) => p.install }),
    rights: t.exposeStringList('rights', { description: 'The capabilities the package(s) ask for, granted at install.' }),
    changes: t.field({ type: [PackageChangeRef], resolve: (p) => p.changes }),
    conflicts: t.field({ type: [PackageConflictRef], resolve: (p) => p.conflicts }),
    kept: t.field({ type: [PackageOverrideRef], description: 'The subscriber\'s changes that survive the upgrade.', resolve: (p) => p.kept }),
    migrations: t.field({ type: [MigrationRunRef], description: 'Data migrations run: records updated per step.', resolve: (p) => p.migrations }),
    sampleRecords: t.int({ nullable: true, description: 'Sample records created (installPackage with sampleData); null when not asked.', resolve: (p) => p.sampleRecords ?? null }),
  }),
});

const InstalledPackageRef = builder.objectRef<InstalledPackage>('InstalledPackage').implement({
  description: 'A package installed in the caller\'s tenant.',
  fields: (t) => ({
    name: t.exposeString('name'),
    namespace: t.exposeString('namespace'),
    version: t.exposeString('version'),
    label: t.field({ type: 'JSON', description: 'In en and zh-CN.', resolve: (p) => p.label }),
    localLabel: t.string({ args: { locale: t.arg.string() }, resolve: (p, args, ctx) => localize(p.label, args.locale ?? ctx.locale) }),
    description: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.description }),
    source: t.exposeString('source', { description: 'BUNDLED (a template shipped with the platform) or REGISTRY.' }),
    installedAt: t.field({ type: 'DateTime', resolve: (p) => p.installedAt }),
    upgradedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.upgradedAt }),
    installedBy: t.string({ nullable: true, description: 'The user id of whoever installed it (null: the system, the CLI on the database).', resolve: (p) => p.installedBy }),
    rights: t.exposeStringList('rights', { description: 'The capabilities granted to it at install.' }),
    dependencies: t.field({ type: 'JSON', description: 'Package name → semver range.', resolve: (p) => p.dependencies }),
    latest: t.string({ nullable: true, description: 'The newest version available (registry or bundled): an upgrade is available when it is newer than `version`.', resolve: (p) => p.latest }),
    components: t.field({ type: [builder.objectRef<{ kind: string; name: string }>('PackageComponent').implement({ fields: (f) => ({ kind: f.exposeString('kind'), name: f.exposeString('name') }) })], resolve: (p) => p.components }),
    overrides: t.field({ type: [PackageOverrideRef], description: 'What the subscriber changed in the package\'s components (kept on upgrade).', resolve: (p) => p.overrides }),
  }),
});

builder.queryField('packages', (t) => t.field({
  type: [InstalledPackageRef],
  description: 'The packages installed in the caller\'s tenant, dependencies first. Administrators only.',
  resolve: (_root, _args, ctx) => {
    requireAdmin(ctx, 'list the installed packages');
    return listInstalled({ kinds: ctx.platform.kinds, orm: ctx.platform.orm, sql: ctx.platform.sql }, ctx.principal.tenantId);
  },
}));

builder.mutationFields((t) => ({
  installPackage: t.field({
    type: PackagePlanRef,
    description: 'Installs a package — a bundled template by name, or a registry package (newest release, or the newest in `version`: a version or a range) — with each dependency the tenant lacks first, in one transaction. A component that exists already (unowned, or another package\'s) is a conflict: listed in a dry run, CONFLICT (extensions.conflicts) otherwise. Administrators only.',
    args: { name: t.arg.string({ required: true }), version: t.arg.string(), dryRun: t.arg.boolean(), sampleData: t.arg.boolean({ description: 'Also load the package\'s sample data (installSampleData) after install.' }) },
    resolve: async (_root, args, ctx) => {
      requireAdmin(ctx, 'install a package');
      // Sample data asked for and not shipped: refused before anything is installed.
      if (args.sampleData && (await readSampleData(ctx.platform.sql, args.name)).document === undefined) {
        throw new PlatformError('NOT_FOUND', `${args.name} ships no sample data`, { details: [{ pointer: '/sampleData', message: 'the package has none' }] });
      }
      const plan = await installPackage(lifecycle(ctx), { tenantId: ctx.principal.tenantId, actor: actorOf(ctx), dryRun: args.dryRun ?? false }, args.name, args.version);
      if (args.sampleData && plan.applied) plan.sampleRecords = await loadSampleData(ctx, args.name);
      return plan;
    },
  }),
  upgradePackage: t.field({
    type: PackagePlanRef,
    description: 'Upgrades an installed package to `version`, merging three ways: what the subscriber changed (labels, layouts, list columns, their own fields) survives, what the package changed applies. Removed components and fields need allowDestructive (CONFLICT with extensions.destructive otherwise). Administrators only.',
    args: { name: t.arg.string({ required: true }), version: t.arg.string({ required: true }), dryRun: t.arg.boolean(), allowDestructive: t.arg.boolean() },
    resolve: (_root, args, ctx) => {
      requireAdmin(ctx, 'upgrade a package');
      return upgradePackage(lifecycle(ctx), { tenantId: ctx.principal.tenantId, actor: actorOf(ctx), dryRun: args.dryRun ?? false, allowDestructive: args.allowDestructive ?? false }, args.name, args.version);
    },
  }),
  uninstallPackage: t.field({
    type: PackagePlanRef,
    description: 'Uninstalls a package: refused (CONFLICT) while an installed package depends on it; its objects and fields are deleted recoverably (records kept for the retention period, restoreObject/restoreField bring them back). Administrators only.',
    args: { name: t.arg.string({ required: true }), dryRun: t.arg.boolean() },
    resolve: (_root, args, ctx) => {
      requireAdmin(ctx, 'uninstall a package');
      return uninstallPackage(lifecycle(ctx), { tenantId: ctx.principal.tenantId, actor: actorOf(ctx), dryRun: args.dryRun ?? false }, args.name);
    },
  }),
}));
