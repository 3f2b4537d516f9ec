import { readSnapshot } from '../../changes/index.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { KindRegistry } from '../../kinds/registry.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import { componentsOf, liveItems } from './components.ts';
import { overridesOf } from './plan.ts';
import { latestVersion } from './sources.ts';
import { componentsOf as ownedComponents, installedPackages, ownership, type InstalledRow } from './store.ts';
import type { InstalledPackage } from './types.ts';

/** Rows ordered so that each comes after the installed packages it depends on (then by name). */
function dependenciesFirst(rows: InstalledRow[]): InstalledRow[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const out: InstalledRow[] = [];
  const visit = (row: InstalledRow) => {
    if (out.includes(row)) return;
    for (const dep of Object.keys(row.manifest.dependencies ?? {}).sort()) { const d = byName.get(dep); if (d && !out.includes(d)) visit(d); }
    out.push(row);
  };
  for (const row of [...rows].sort((a, b) => a.name.localeCompare(b.name))) visit(row);
  return out;
}

/**
 * The packages installed in a tenant, dependencies first (in install order, a dependency is always
 * installed before its dependants), each with its components, the newest version available, and
 * what the subscriber changed (the base layer against the live definitions), read as one snapshot.
 */
export async function listInstalled(deps: { kinds: KindRegistry; orm: MikroORM; sql: SqlRunner }, tenantId: string): Promise<InstalledPackage[]> {
  return readSnapshot(deps.orm, tenantId, async (reader) => {
    const rows = dependenciesFirst([...(await installedPackages(reader.sql, tenantId)).values()]);
    const keys = new Set(['objects', ...rows.flatMap((r) => Object.keys(r.base))]);
    const live = await liveItems(deps.kinds, reader, keys);
    const owners = await ownership(reader.sql, tenantId);
    const out: InstalledPackage[] = [];
    for (const row of rows) {
      out.push({
        name: row.name,
        namespace: row.namespace,
        version: row.version,
        label: row.manifest.label,
        description: row.manifest.description ?? null,
        source: row.source,
        installedAt: new Date(row.installedAt).toISOString(),
        upgradedAt: row.upgradedAt ? new Date(row.upgradedAt).toISOString() : null,
        installedBy: row.installedBy,
        rights: row.rights,
        dependencies: row.manifest.dependencies ?? {},
        latest: await latestVersion(deps.sql, row.name),
        components: await ownedComponents(reader.sql, tenantId, row.name),
        overrides: overridesOf(deps.kinds, row.name, componentsOf(row.manifest, row.base, deps.kinds), live, owners),
      });
    }
    return out;
  });
}
