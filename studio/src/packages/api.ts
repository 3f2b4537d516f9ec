import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metadataApi } from '../api/graphql.ts';

/**
 * The package lifecycle on `/metadata` (docs/architecture.md, Packages): the marketplace (bundled
 * templates and registry apps), the tenant's installed packages, and installPackage / upgradePackage /
 * uninstallPackage, each of which answers a PackagePlan (with `dryRun: true`, the plan alone).
 */
export interface Listing {
  name: string; namespace: string; publisher: string; latestVersion: string; versions: string[];
  label: string; description: string | null; rights: string[]; dependencies: Record<string, string> | null;
  source?: 'BUNDLED' | 'REGISTRY' | null;
  /** Whether its latest version ships sample data (offered as "Add sample data" on install). */
  sampleData?: boolean | null;
}
export interface PackageRef { name: string; version: string }
export interface PackageChange { kind: string; action: 'create' | 'update' | 'delete' | string; name: string; destructive: boolean; detail: string | null }
export interface PackageConflict { kind: string; name: string; pointer: string; message: string }
export interface PackageOverride { kind: string; name: string; pointer: string; packageValue: unknown; value: unknown }
export interface PackagePlan {
  name: string; version: string; from: string | null; dryRun: boolean; applied: boolean;
  install: PackageRef[]; rights: string[]; changes: PackageChange[]; conflicts: PackageConflict[]; kept: PackageOverride[];
}
export interface InstalledPackage {
  name: string; namespace: string; version: string; label: Record<string, string> | string | null; description: Record<string, string> | string | null;
  source: 'BUNDLED' | 'REGISTRY'; installedAt: string | null; installedBy: string | null; rights: string[];
  dependencies: Record<string, string> | null; latest: string | null;
  components: { kind: string; name: string }[]; overrides: PackageOverride[];
}

const PLAN = `{ name version from dryRun applied install { name version } rights
  changes { kind action name destructive detail } conflicts { kind name pointer message }
  kept { kind name pointer packageValue value } }`;

const keys = { marketplace: (search: string, lang: string) => ['packages', 'marketplace', search, lang] as const, installed: ['packages', 'installed'] as const };

/** The marketplace, filtered on the server by `search` (name, namespace, label, description in en and zh-CN). */
export function useMarketplace(search: string) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: keys.marketplace(search, i18n.language),
    queryFn: async () => (await metadataApi<{ marketplace: Listing[] }>(
      'query($s: String) { marketplace(search: $s) { name namespace publisher latestVersion versions label description rights dependencies source sampleData } }',
      { s: search.trim() || null },
    )).marketplace,
    // While the next search runs, the last answer stays (no empty flash between keystrokes).
    placeholderData: keepPreviousData,
  });
}

/** The packages installed in the tenant, dependencies first. */
export function useInstalled() {
  return useQuery({
    queryKey: keys.installed,
    queryFn: async () => (await metadataApi<{ packages: InstalledPackage[] }>(`{ packages { name namespace version label description source installedAt installedBy rights
      dependencies latest components { kind name } overrides { kind name pointer packageValue value } } }`)).packages,
  });
}

export interface InstallArgs { name: string; version?: string; dryRun: boolean; sampleData?: boolean }
export interface UpgradeArgs { name: string; version: string; dryRun: boolean; allowDestructive?: boolean }
export interface UninstallArgs { name: string; dryRun: boolean }

const plan = async (verb: string, signature: string, call: string, variables: Record<string, unknown>) =>
  (await metadataApi<Record<string, PackagePlan>>(`mutation(${signature}) { ${verb}(${call}) ${PLAN} }`, variables))[verb];

/**
 * One lifecycle verb as a mutation. A real run (not a dry run) changes the tenant's metadata: every
 * metadata query (navigation, objects, apps) and the package lists are read again.
 */
function useLifecycle<A extends { dryRun: boolean }>(run: (args: A) => Promise<PackagePlan>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (_plan, args) => {
      if (args.dryRun) return;
      await Promise.all([client.invalidateQueries({ queryKey: ['packages'] }), client.invalidateQueries({ queryKey: ['metadata'] })]);
    },
  });
}

export const useInstall = () => useLifecycle<InstallArgs>((a) => plan('installPackage', '$n: String!, $v: String, $d: Boolean, $s: Boolean',
  'name: $n, version: $v, dryRun: $d, sampleData: $s', { n: a.name, v: a.version ?? null, d: a.dryRun, s: a.sampleData ?? false }));

export const useUpgrade = () => useLifecycle<UpgradeArgs>((a) => plan('upgradePackage', '$n: String!, $v: String!, $d: Boolean, $x: Boolean',
  'name: $n, version: $v, dryRun: $d, allowDestructive: $x', { n: a.name, v: a.version, d: a.dryRun, x: a.allowDestructive ?? false }));

export const useUninstall = () => useLifecycle<UninstallArgs>((a) => plan('uninstallPackage', '$n: String!, $d: Boolean',
  'name: $n, dryRun: $d', { n: a.name, d: a.dryRun }));

/** Names of users by id (`user(id)` on /metadata, one request for all), for "installed by". */
export function useUserNames(ids: string[]) {
  const unique = [...new Set(ids)].sort();
  return useQuery({
    queryKey: ['packages', 'users', unique],
    enabled: unique.length > 0,
    queryFn: async () => {
      const query = `query(${unique.map((_, i) => `$u${i}: ID!`).join(', ')}) { ${unique.map((_, i) => `u${i}: user(id: $u${i}) { id name }`).join(' ')} }`;
      const found = await metadataApi<Record<string, { id: string; name: string } | null>>(query, Object.fromEntries(unique.map((id, i) => [`u${i}`, id])));
      return new Map(Object.values(found).filter((u) => u !== null).map((u) => [String(u!.id), u!.name]));
    },
  });
}
