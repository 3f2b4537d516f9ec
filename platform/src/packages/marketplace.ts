import type { SqlRunner } from '../storage/sql/runner.ts';
import type { PackageManifest } from './manifest.ts';
import { latestOf, newestFirst } from './versions.ts';

/** One package as the marketplace lists it: its latest version's manifest, and every version published. */
export interface MarketplaceListing {
  name: string;
  namespace: string;
  publisher: string;
  latestVersion: string;
  versions: string[];
  label: PackageManifest['label'];
  description: PackageManifest['description'] | null;
  rights: string[];
  dependencies: Record<string, string>;
  /** When its latest version was published; null for a bundled template (it ships with the platform). */
  publishedAt: string | null;
  /** REGISTRY (published by an ISV), or BUNDLED (a template shipped with the platform: the gallery lists both). */
  source: 'REGISTRY' | 'BUNDLED';
  /** Whether its latest version ships sample data (`installPackage(sampleData: true)` loads it; `installSampleData` later). */
  sampleData: boolean;
}

/** The texts a search looks in: name, namespace, and the label and description in every language. */
function haystack(listing: MarketplaceListing): string {
  return [listing.name, listing.namespace, ...Object.values(listing.label), ...Object.values(listing.description ?? {})].join('\n').toLocaleLowerCase();
}

/**
 * The bundled templates given (`bundledListings()`, source BUNDLED), then every published package, by name, or those whose name, namespace, label or description (en or
 * zh-CN) contains `search` (case-insensitive). Reads the manifests, not the signed files: the
 * registry holds hundreds of packages, not millions.
 */
export async function listMarketplace(sql: SqlRunner, search?: string | null, options: { bundled?: { manifest: PackageManifest; versions: string[]; sampleData: boolean }[] } = {}): Promise<MarketplaceListing[]> {
  const rows = await sql.query<{ name: string; namespace: string; publisher: string; version: string; manifest: PackageManifest; publishedAt: Date; sampleData: boolean }>(
    `select v.name, p.namespace, pub.name as publisher, v.version, v.manifest, v.published_at as "publishedAt",
            coalesce(jsonb_typeof(v.package->'files'->'sample-data.json') = 'string', false) as "sampleData"
       from tessera.package_versions v join tessera.packages p on p.name = v.name join tessera.package_publishers pub on pub.id = p.publisher_id
      order by v.name`,
  );
  const byName = new Map<string, typeof rows>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const needle = search?.trim().toLocaleLowerCase();
  const listings: MarketplaceListing[] = [];
  // The bundled templates first (crm-core, then the industries), as the gallery shows them.
  for (const { manifest, versions, sampleData } of options.bundled ?? []) {
    const listing: MarketplaceListing = {
      name: manifest.name, namespace: manifest.namespace, publisher: 'tessera', latestVersion: manifest.version, versions,
      label: manifest.label, description: manifest.description ?? null, rights: manifest.rights ?? [], dependencies: manifest.dependencies ?? {}, publishedAt: null, source: 'BUNDLED', sampleData,
    };
    if (!needle || haystack(listing).includes(needle)) listings.push(listing);
  }
  for (const [name, versions] of byName) {
    const latestVersion = latestOf(versions.map((v) => v.version))!;
    const latest = versions.find((v) => v.version === latestVersion)!;
    const listing: MarketplaceListing = {
      name,
      namespace: latest.namespace,
      publisher: latest.publisher,
      latestVersion,
      versions: newestFirst(versions.map((v) => v.version)),
      label: latest.manifest.label,
      description: latest.manifest.description ?? null,
      rights: latest.manifest.rights ?? [],
      dependencies: latest.manifest.dependencies ?? {},
      publishedAt: new Date(latest.publishedAt).toISOString(),
      source: 'REGISTRY',
      sampleData: latest.sampleData,
    };
    if (!needle || haystack(listing).includes(needle)) listings.push(listing);
  }
  return listings;
}
