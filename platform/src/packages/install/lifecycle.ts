import semver from 'semver';
import type { ChangeRunner, ChangeTx } from '../../changes/index.ts';
import { PlatformError } from '../../errors/index.ts';
import type { KindRegistry } from '../../kinds/registry.ts';
import type { MetadataEngine } from '../../metadata/engine.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import { componentsOf, layerOf, liveItems, missingKinds, type Component } from './components.ts';
import { planLayer, type LayerPlan } from './plan.ts';
import { applyLayer } from './apply-layer.ts';
import { resolvePackage } from './sources.ts';
import { forgetInstalled, installedPackages, ownership, saveInstalled, type InstalledRow } from './store.ts';
import type { LifecycleRequest, PackagePlan, PackageRef, ResolvedPackage } from './types.ts';
import { runDataMigrations, type RecordsAccess } from './data-migrations.ts';

/** What the lifecycle needs of the platform. */
export interface LifecycleDeps {
  kinds: KindRegistry;
  changes: ChangeRunner;
  engine: MetadataEngine;
  sql: SqlRunner;
  /** Whether a runtime plugin is installed on this server (a bundled template's `plugins`). */
  hasPlugin(name: string): boolean;
  /** The records API's save pipeline, for the data migrations an upgrade runs. */
  records?: RecordsAccess;
}

/** Installing, upgrading and removing packages changes everything a tenant has: administrators only. */
function requireAdministrator(request: LifecycleRequest, verb: string): void {
  const rights = request.actor.rights;
  if (rights && !rights.bypass) throw new PlatformError('FORBIDDEN', `Only an administrator may ${verb} a package`);
}

/** A package whose components need kinds this server lacks (a runtime plugin not installed) is refused before anything is planned. */
function checkPlugins(deps: LifecycleDeps, pkg: ResolvedPackage): void {
  const plugins = pkg.plugins.filter((p) => !deps.hasPlugin(p));
  const keys = missingKinds(pkg.manifest.components, deps.kinds);
  if (!plugins.length && !keys.length) return;
  throw new PlatformError('VALIDATION_FAILED', `${pkg.manifest.name}@${pkg.manifest.version} needs ${[...plugins.map((p) => `the plugin ${p}`), ...keys.map((k) => `the kind ${k}`)].join(', ')}, which this server does not have: install the plugin${plugins.length + keys.length > 1 ? 's' : ''} first (TESSERA_PLUGINS)`, {
    details: [...plugins.map((p) => ({ pointer: `/plugins/${p}`, message: 'plugin not installed' })), ...keys.map((k) => ({ pointer: `/components/${k}`, message: 'no such kind here: its plugin is not installed' }))],
  });
}

/**
 * The packages to install for `target`, dependencies first: each dependency not installed is
 * resolved to its newest version in range; one installed outside the range is a CONFLICT.
 */
async function withDependencies(deps: LifecycleDeps, installed: Map<string, InstalledRow>, target: ResolvedPackage): Promise<ResolvedPackage[]> {
  const order: ResolvedPackage[] = [];
  const visit = async (pkg: ResolvedPackage, path: string[]) => {
    for (const [name, range] of Object.entries(pkg.manifest.dependencies ?? {})) {
      const have = installed.get(name);
      if (have) {
        if (!semver.satisfies(have.version, range)) {
          throw new PlatformError('CONFLICT', `${pkg.manifest.name}@${pkg.manifest.version} needs ${name} ${range}, but ${name}@${have.version} is installed: upgrade it first`, { details: [{ pointer: `/dependencies/${name}`, message: `installed ${have.version} is outside ${range}` }] });
        }
        continue;
      }
      if (order.some((p) => p.manifest.name === name)) continue;
      if (path.includes(name)) throw new PlatformError('CONFLICT', `Packages depend on each other in a cycle: ${[...path, name].join(' → ')}`);
      await visit(await resolvePackage(deps.sql, name, range, `/dependencies/${name}`), [...path, name]);
    }
    order.push(pkg);
  };
  await visit(target, [target.manifest.name]);
  for (const pkg of order) checkPlugins(deps, pkg);
  return order;
}

/** The layer plan of one package in the change, against the tenant as the change has left it so far. */
async function planIn(deps: LifecycleDeps, tx: ChangeTx, name: string, base: Component[], theirs: Component[]): Promise<LayerPlan> {
  const keys = ['objects', ...base.map((c) => c.documentKey), ...theirs.map((c) => c.documentKey)];
  return planLayer({ kinds: deps.kinds, name, base, theirs, live: await liveItems(deps.kinds, tx, keys), owners: await ownership(tx.sql, tx.tenantId) });
}

/**
 * The installed packages read before the change (to resolve versions and dependencies) must still be
 * what the change finds under the tenant's lock: another install or upgrade in between is refused
 * (CONFLICT, nothing changed) rather than planned against a tenant that moved on.
 */
async function assertUnchanged(tx: ChangeTx, before: Map<string, InstalledRow>): Promise<void> {
  const now = await installedPackages(tx.sql, tx.tenantId);
  const same = now.size === before.size && [...now].every(([name, row]) => before.get(name)?.version === row.version);
  if (!same) throw new PlatformError('CONFLICT', 'The packages installed in this tenant changed while this was being planned: try again', { details: [{ pointer: '/name', message: 'installed packages changed meanwhile' }] });
}

const emptyPlan = (name: string, version: string, from: string | null, dryRun: boolean): PackagePlan => ({
  name, version, from, dryRun, applied: false, install: [], rights: [], changes: [], conflicts: [], kept: [], migrations: [],
});

/** The refusal of a plan with conflicts (each in `extensions.conflicts`, pointers in `details`). */
function conflictError(plan: PackagePlan): PlatformError {
  const first = plan.conflicts[0];
  return new PlatformError('CONFLICT', `${plan.conflicts.length} component${plan.conflicts.length === 1 ? '' : 's'} of ${plan.name} cannot be installed as they are: ${first.kind} ${first.name} ${first.message}${plan.conflicts.length > 1 ? ` (and ${plan.conflicts.length - 1} more)` : ''}. Nothing was changed`, {
    details: plan.conflicts.map((c) => ({ pointer: c.pointer, message: `${c.kind} ${c.name}: ${c.message}` })),
    extensions: { conflicts: plan.conflicts },
  });
}

const ref = (pkg: ResolvedPackage): PackageRef => ({ name: pkg.manifest.name, version: pkg.manifest.version });
const rowOf = (pkg: ResolvedPackage, base: Record<string, Record<string, unknown>[]>, installedBy: string | null): Omit<InstalledRow, 'installedAt' | 'upgradedAt'> => {
  const { components: _components, ...manifest } = pkg.manifest;
  return { name: pkg.manifest.name, namespace: pkg.manifest.namespace, version: pkg.manifest.version, source: pkg.source, manifest, base, rights: pkg.manifest.rights ?? [], installedBy };
};

/** Installs packages (dependencies first) in `tx`; the plan collects every step. */
async function installIn(deps: LifecycleDeps, tx: ChangeTx, order: ResolvedPackage[], plan: PackagePlan): Promise<void> {
  for (const pkg of order) {
    const theirs = componentsOf(pkg.manifest, pkg.manifest.components, deps.kinds);
    const layer = await planIn(deps, tx, pkg.manifest.name, [], theirs);
    plan.changes.push(...layer.changes);
    plan.conflicts.push(...layer.conflicts);
    if (plan.conflicts.length) continue;
    await applyLayer(deps, tx, layer);
    await saveInstalled(tx.sql, tx.tenantId, rowOf(pkg, layerOf(deps.kinds, theirs), tx.actor.userId), layer.owned, tx.now);
    tx.record({ kind: 'package', action: 'installPackage', target: pkg.manifest.name, before: null, after: { version: pkg.manifest.version, source: pkg.source, rights: pkg.manifest.rights ?? [], components: layer.owned.length } });
  }
}

/**
 * Installs a package (and, first, each dependency the tenant lacks) in ONE change: every
 * component created as the package defines it and recorded as the package's; a component that
 * already exists (unowned, or another package's) is a conflict — listed in a dry run, CONFLICT
 * otherwise, and nothing is changed. Installed already at that version: nothing to do.
 */
export async function installPackage(deps: LifecycleDeps, request: LifecycleRequest, name: string, version?: string | null): Promise<PackagePlan> {
  requireAdministrator(request, 'install');
  const dryRun = request.dryRun === true;
  const installed = await installedPackages(deps.sql, request.tenantId);
  const have = installed.get(name);
  // Installed already, at any version when none is asked for, or at one in the range asked for: nothing to do.
  if (have && (!version || (semver.validRange(version) !== null && semver.satisfies(have.version, version)))) return emptyPlan(name, have.version, have.version, dryRun);
  const target = await resolvePackage(deps.sql, name, version);
  if (have) {
    if (have.version === target.manifest.version) return emptyPlan(name, have.version, have.version, dryRun);
    throw new PlatformError('CONFLICT', `${name}@${have.version} is installed: upgrade it (upgradePackage) to ${target.manifest.version}`, { details: [{ pointer: '/name', message: `installed at ${have.version}` }] });
  }
  const order = await withDependencies(deps, installed, target);
  const plan: PackagePlan = { ...emptyPlan(name, target.manifest.version, null, dryRun), install: order.map(ref), rights: [...new Set(order.flatMap((p) => p.manifest.rights ?? []))] };
  await deps.changes.runDetailed({ tenantId: request.tenantId, actor: request.actor, kind: 'package', action: 'installPackage', target: name, dryRun }, async (tx) => {
    await assertUnchanged(tx, installed);
    await installIn(deps, tx, order, plan);
    if (plan.conflicts.length && !dryRun) throw conflictError(plan);
    if (!plan.conflicts.length) await deps.engine.finish(tx);
    return { result: plan };
  });
  plan.applied = !dryRun;
  return plan;
}

/**
 * Upgrades an installed package to `version` in ONE change: dependencies the new version needs
 * installed first; each component's effective definition is the three-way merge of the installed
 * base, the new version and the live definition (what the subscriber changed survives); removed
 * components and fields are destructive and need `allowDestructive` (CONFLICT listing them
 * otherwise); then the data migrations the new version declares for the version left.
 */
export async function upgradePackage(deps: LifecycleDeps, request: LifecycleRequest & { allowDestructive?: boolean }, name: string, version: string): Promise<PackagePlan> {
  requireAdministrator(request, 'upgrade');
  const dryRun = request.dryRun === true;
  const installed = await installedPackages(deps.sql, request.tenantId);
  const have = installed.get(name);
  if (!have) throw new PlatformError('NOT_FOUND', `${name} is not installed in this tenant: install it first`, { details: [{ pointer: '/name', message: 'not installed' }] });
  const target = await resolvePackage(deps.sql, name, version);
  const to = target.manifest.version;
  if (to === have.version) return emptyPlan(name, to, have.version, dryRun);
  if (semver.lt(to, have.version)) throw new PlatformError('BAD_USER_INPUT', `${name}@${have.version} is installed; ${to} is older: a package is not downgraded`, { details: [{ pointer: '/version', message: `older than the installed ${have.version}` }] });
  // A package installed on top of this one keeps working only within the range it asked for.
  const outgrown = [...installed.values()].filter((p) => p.manifest.dependencies?.[name] && !semver.satisfies(to, p.manifest.dependencies[name]));
  if (outgrown.length) {
    throw new PlatformError('CONFLICT', `${outgrown.map((p) => `${p.name} needs ${name} ${p.manifest.dependencies![name]}`).join('; ')}: ${to} is outside; upgrade ${outgrown.length === 1 ? 'it' : 'them'} first, or choose a version in range`, {
      details: outgrown.map((p) => ({ pointer: '/version', message: `${p.name} needs ${p.manifest.dependencies![name]}` })),
      extensions: { dependants: outgrown.map((p) => ({ kind: 'package', name: p.name })) },
    });
  }
  const order = await withDependencies(deps, installed, target);
  const plan: PackagePlan = { ...emptyPlan(name, to, have.version, dryRun), install: order.map(ref), rights: [...new Set(order.flatMap((p) => p.manifest.rights ?? []))] };
  await deps.changes.runDetailed({ tenantId: request.tenantId, actor: request.actor, kind: 'package', action: 'upgradePackage', target: name, dryRun }, async (tx) => {
    await assertUnchanged(tx, installed);
    await installIn(deps, tx, order.slice(0, -1), plan);
    const base = componentsOf(have.manifest, have.base, deps.kinds);
    const theirs = componentsOf(target.manifest, target.manifest.components, deps.kinds);
    const layer = await planIn(deps, tx, name, base, theirs);
    plan.changes.push(...layer.changes);
    plan.conflicts.push(...layer.conflicts);
    plan.kept.push(...layer.kept);
    const destructive = plan.changes.filter((c) => c.destructive);
    if (!dryRun && plan.conflicts.length) throw conflictError(plan);
    if (!dryRun && destructive.length && !request.allowDestructive) {
      throw new PlatformError('CONFLICT', `Upgrading ${name} to ${to} removes ${destructive.map((c) => `${c.kind} ${c.name}`).join(', ')}: pass allowDestructive to consent (data is kept for the retention period). Nothing was changed`, {
        details: destructive.map((c) => ({ pointer: '/allowDestructive', message: `${c.action} ${c.kind} ${c.name}` })),
        extensions: { destructive },
      });
    }
    if (plan.conflicts.length) return { result: plan };
    await applyLayer(deps, tx, layer);
    await deps.engine.finish(tx);
    plan.migrations.push(...await runDataMigrations(tx, target.manifest, have.version, deps.records));
    await saveInstalled(tx.sql, tx.tenantId, { ...rowOf(target, layerOf(deps.kinds, theirs), have.installedBy), rights: [...new Set([...have.rights, ...(target.manifest.rights ?? [])])] }, layer.owned, tx.now);
    tx.record({ kind: 'package', action: 'upgradePackage', target: name, before: { version: have.version }, after: { version: to, changes: layer.changes.length, kept: layer.kept.length } });
    return { result: plan };
  });
  plan.applied = !dryRun;
  return plan;
}

/**
 * Uninstalls a package in ONE change: refused (CONFLICT) while an installed package depends on
 * it; its objects are deleted recoverably (tables renamed out of the way, records kept for the
 * retention period, `restoreObject` brings them back), the fields it added to other packages'
 * objects likewise, its other components removed, and its ownership forgotten.
 */
export async function uninstallPackage(deps: LifecycleDeps, request: LifecycleRequest, name: string): Promise<PackagePlan> {
  requireAdministrator(request, 'uninstall');
  const dryRun = request.dryRun === true;
  const installed = await installedPackages(deps.sql, request.tenantId);
  const have = installed.get(name);
  if (!have) throw new PlatformError('NOT_FOUND', `${name} is not installed in this tenant`, { details: [{ pointer: '/name', message: 'not installed' }] });
  const dependants = [...installed.values()].filter((p) => p.name !== name && Object.keys(p.manifest.dependencies ?? {}).includes(name));
  if (dependants.length) {
    throw new PlatformError('CONFLICT', `${dependants.map((d) => d.name).join(', ')} depend${dependants.length === 1 ? 's' : ''} on ${name}: uninstall ${dependants.length === 1 ? 'it' : 'them'} first`, {
      details: [{ pointer: '/name', message: `required by ${dependants.map((d) => d.name).join(', ')}` }],
      extensions: { dependants: dependants.map((d) => ({ kind: 'package', name: d.name })) },
    });
  }
  const plan: PackagePlan = { ...emptyPlan(name, have.version, have.version, dryRun), install: [{ name, version: have.version }], rights: have.rights };
  await deps.changes.runDetailed({ tenantId: request.tenantId, actor: request.actor, kind: 'package', action: 'uninstallPackage', target: name, dryRun }, async (tx) => {
    await assertUnchanged(tx, installed);
    const layer = await planIn(deps, tx, name, componentsOf(have.manifest, have.base, deps.kinds), []);
    plan.changes.push(...layer.changes);
    await applyLayer(deps, tx, layer);
    await deps.engine.finish(tx);
    await forgetInstalled(tx.sql, tx.tenantId, name);
    tx.record({ kind: 'package', action: 'uninstallPackage', target: name, before: { version: have.version }, after: null });
    return { result: plan };
  });
  plan.applied = !dryRun;
  return plan;
}
