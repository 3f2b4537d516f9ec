/**
 * The package lifecycle in a tenant: install, upgrade, uninstall and the installed list, each one
 * change (one transaction per tenant) with a dry-run plan. Layered metadata: a package's components
 * as installed are its base layer; the live definition is package ⊕ subscriber, and an upgrade
 * merges three ways (merge.ts) so that what the subscriber changed survives.
 */
export { installPackage, upgradePackage, uninstallPackage, type LifecycleDeps } from './lifecycle.ts';
export { listInstalled } from './installed.ts';
export { resolvePackage, latestVersion, bundledListings } from './sources.ts';
export { merge3, differences } from './merge.ts';
export type { PackagePlan, PackageChange, PackageConflict, PackageOverride, PackageRef, InstalledPackage, PackageSource, ResolvedPackage } from './types.ts';
