import type { Actor } from '../../changes/index.ts';
import type { PackageManifest } from '../types.ts';

/** Where an installed package came from: a template shipped with the platform, or the registry. */
export type PackageSource = 'BUNDLED' | 'REGISTRY';

/** One version of a package, ready to install: its manifest (components included) and where it came from. */
export interface ResolvedPackage {
  manifest: PackageManifest;
  source: PackageSource;
  /** The runtime plugins whose kinds its components use (a bundled template's `plugins`). */
  plugins: string[];
  /** Further files it ships (sample data, scenarios), by relative path. */
  files: Record<string, string>;
}

/** A package reference in a plan: name and version. */
export interface PackageRef {
  name: string;
  version: string;
}

/** One step of a plan: a component created, changed or removed. */
export interface PackageChange {
  /** `object`, `field`, or the kind of any other component (`workflow`, `pool`…). */
  kind: string;
  action: 'create' | 'update' | 'delete';
  /** The component's name (`lead`, `lead.acme__score`, a workflow's name). */
  name: string;
  /** Removes something that holds data or configuration: only with explicit consent (`allowDestructive`). */
  destructive: boolean;
  detail?: string;
  /** The package whose plan it is (several when dependencies are installed first). */
  package: string;
}

/** A component that cannot be installed as is: it exists unowned, or another package owns it. */
export interface PackageConflict {
  kind: string;
  name: string;
  /** Where the component is in the package's manifest (`/components/objects/2`). */
  pointer: string;
  message: string;
  package: string;
}

/** What a subscriber changed in a package's component (the installed base against the live definition). */
export interface PackageOverride {
  kind: string;
  name: string;
  /** Where in the component (`/label/zh-CN`, `/fields/phone/helpText`, `/fields/myField`). */
  pointer: string;
  packageValue: unknown;
  value: unknown;
}

/** What installPackage, upgradePackage and uninstallPackage answer: the plan, and whether it was applied. */
export interface PackagePlan {
  name: string;
  version: string;
  from: string | null;
  dryRun: boolean;
  applied: boolean;
  install: PackageRef[];
  rights: string[];
  changes: PackageChange[];
  conflicts: PackageConflict[];
  kept: PackageOverride[];
  /** Data migrations the upgrade ran (or would run): records updated per step. */
  migrations: { object: string; updated: number }[];
  /** Sample records created after the install (`sampleData`). */
  sampleRecords?: number | null;
}

/** A package installed in a tenant, as `packages` lists it. */
export interface InstalledPackage {
  name: string;
  namespace: string;
  version: string;
  label: PackageManifest['label'];
  description: PackageManifest['description'] | null;
  source: PackageSource;
  installedAt: string;
  upgradedAt: string | null;
  installedBy: string | null;
  rights: string[];
  dependencies: Record<string, string>;
  latest: string | null;
  components: { kind: string; name: string }[];
  overrides: PackageOverride[];
}

/** Who asks, and how. */
export interface LifecycleRequest {
  tenantId: string;
  actor: Actor;
  dryRun?: boolean;
}
