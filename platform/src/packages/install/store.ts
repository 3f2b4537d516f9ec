import type { SqlRunner } from '../../storage/sql/runner.ts';
import type { PackageManifest } from '../types.ts';
import type { PackageSource } from './types.ts';

/** The package's layer as installed: its components by document key, in the form they are compared in. */
export type BaseLayer = Record<string, Record<string, unknown>[]>;

/** A row of `tessera.installed_packages`. */
export interface InstalledRow {
  name: string;
  namespace: string;
  version: string;
  source: PackageSource;
  manifest: Omit<PackageManifest, 'components'>;
  base: BaseLayer;
  rights: string[];
  installedBy: string | null;
  installedAt: Date;
  upgradedAt: Date | null;
}

/** A component and the package that owns it. */
export interface OwnedComponent {
  kind: string;
  name: string;
  package: string;
}

const COLUMNS = 'name, namespace, version, source, manifest, base, rights, installed_by as "installedBy", installed_at as "installedAt", upgraded_at as "upgradedAt"';

/** The tenant's installed packages, by name. */
export async function installedPackages(sql: SqlRunner, tenantId: string): Promise<Map<string, InstalledRow>> {
  const rows = await sql.query<InstalledRow>(`select ${COLUMNS} from tessera.installed_packages where tenant_id = $1 order by installed_at, name`, [tenantId]);
  return new Map(rows.map((r) => [r.name, r]));
}

/** Which package owns each component of the tenant, by `kind:name`. */
export async function ownership(sql: SqlRunner, tenantId: string): Promise<Map<string, string>> {
  const rows = await sql.query<OwnedComponent>('select kind, name, package from tessera.package_components where tenant_id = $1', [tenantId]);
  return new Map(rows.map((r) => [`${r.kind}:${r.name}`, r.package]));
}

/** The components a package owns. */
export async function componentsOf(sql: SqlRunner, tenantId: string, name: string): Promise<{ kind: string; name: string }[]> {
  return sql.query('select kind, name from tessera.package_components where tenant_id = $1 and package = $2 order by kind, name', [tenantId, name]);
}

/** Records a package as installed (or upgraded) at `row.version`, owning exactly `components`. */
export async function saveInstalled(sql: SqlRunner, tenantId: string, row: Omit<InstalledRow, 'installedAt' | 'upgradedAt'>, components: { kind: string; name: string }[], now: Date): Promise<void> {
  await sql.query(
    `insert into tessera.installed_packages (tenant_id, name, namespace, version, source, manifest, base, rights, installed_by, installed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (tenant_id, name) do update set version = excluded.version, manifest = excluded.manifest, base = excluded.base, rights = excluded.rights, upgraded_at = excluded.installed_at`,
    [tenantId, row.name, row.namespace, row.version, row.source, JSON.stringify(row.manifest), JSON.stringify(row.base), row.rights, row.installedBy, now]);
  await sql.query('delete from tessera.package_components where tenant_id = $1 and package = $2', [tenantId, row.name]);
  if (!components.length) return;
  await sql.query(
    `insert into tessera.package_components (tenant_id, kind, name, package)
     select $1, x.kind, x.name, $2 from jsonb_to_recordset($3::jsonb) as x(kind text, name text)`,
    [tenantId, row.name, JSON.stringify(components)]);
}

/** Forgets an uninstalled package (its ownership rows go with it). */
export async function forgetInstalled(sql: SqlRunner, tenantId: string, name: string): Promise<void> {
  await sql.query('delete from tessera.installed_packages where tenant_id = $1 and name = $2', [tenantId, name]);
}
