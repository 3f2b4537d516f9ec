import fs from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { listTemplates } from '@tessera/templates';
import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { bundledTemplates } from './bundled.ts';
import type { PackageManifest } from './types.ts';
import { installedPackages } from './install/store.ts';

/** A package's sample data and the objects it owns (what must exist for it to be installed). */
export interface SampleDataSource {
  name: string;
  version: string;
  objects: string[];
  /** The document, or undefined when the package ships none. */
  document: unknown;
}

const notFound = (message: string) => new PlatformError('NOT_FOUND', message, { details: [{ pointer: '/package', message }] });

function parse(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PlatformError('VALIDATION_FAILED', `${where} is not valid JSON: ${(error as Error).message}`, { details: [{ pointer: '/package', message: 'sample data is not JSON' }] });
  }
}

const ownObjects = (manifest: PackageManifest) => ((manifest.components?.objects ?? []) as { name?: unknown }[]).map((o) => String(o.name));

/**
 * Finds a package's sample data by name: a bundled template's `sampleData` file (template.json), or
 * the `sample-data.json` file of the registry package's newest version (`files["sample-data.json"]`).
 */
export async function readSampleData(sql: SqlRunner, name: string): Promise<SampleDataSource> {
  const template = listTemplates().find((t) => t.name === name);
  if (template) {
    const manifest = bundledTemplates().get(name)!;
    const file = template.sampleData ? path.join(template.dir, template.sampleData) : undefined;
    const document = file ? parse(await fs.readFile(file, 'utf8'), `${name}/${template.sampleData}`) : undefined;
    return { name, version: template.version, objects: ownObjects(manifest), document };
  }
  const rows = await sql.query<{ version: string; package: { manifest: PackageManifest; files?: Record<string, string> } }>('select version, package from tessera.package_versions where name = $1', [name]);
  if (!rows.length) throw notFound(`There is no package named ${name} (neither a bundled template nor in the registry)`);
  const newest = rows.sort((a, b) => semver.rcompare(a.version, b.version))[0];
  const text = newest.package.files?.['sample-data.json'];
  return { name, version: newest.version, objects: ownObjects(newest.package.manifest), document: text === undefined ? undefined : parse(text, `${name} ${newest.version} files/sample-data.json`) };
}

/**
 * Refuses sample data for a package the tenant has not installed (the install engine's record of
 * it, `installed_packages`), and for one that ships none.
 */
export async function requireInstalled(sql: SqlRunner, tenantId: string, source: SampleDataSource): Promise<void> {
  if (!(await installedPackages(sql, tenantId)).has(source.name)) {
    throw new PlatformError('NOT_FOUND', `The package ${source.name} is not installed in this tenant: install it first (installPackage)`, { details: [{ pointer: '/package', message: 'not installed' }] });
  }
  if (source.document === undefined) throw notFound(`The package ${source.name} ${source.version} ships no sample data`);
}
