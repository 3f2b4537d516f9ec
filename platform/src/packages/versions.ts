import semver from 'semver';
import type { SqlRunner } from '../storage/sql/runner.ts';
import type { PackageManifest } from './manifest.ts';

/** Published versions, newest first. */
export function newestFirst(versions: string[]): string[] {
  return semver.rsort([...versions]);
}

/** The version the marketplace calls latest: the highest release, or the highest pre-release when there is no release yet. */
export function latestOf(versions: string[]): string | undefined {
  const sorted = newestFirst(versions);
  return sorted.find((v) => !semver.prerelease(v)) ?? sorted[0];
}

/** The manifest of the newest published version of `name` within `range`, or undefined. */
export async function resolveVersion(sql: SqlRunner, name: string, range: string): Promise<PackageManifest | undefined> {
  const rows = await sql.query<{ version: string }>('select version from tessera.package_versions where name = $1', [name]);
  const version = semver.maxSatisfying(rows.map((r) => r.version), range);
  if (!version) return undefined;
  const [row] = await sql.query<{ manifest: PackageManifest }>('select manifest from tessera.package_versions where name = $1 and version = $2', [name, version]);
  return row?.manifest;
}
