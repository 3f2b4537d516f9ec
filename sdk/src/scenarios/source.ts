import fs from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { bundledTemplates, validateScenario, type PackageManifest, type Scenario } from '@tessera/platform/packages';
import { listTemplates } from '@tessera/templates';
import { readPackageFolder } from '../cli/package-folder.ts';
import { readJsonFile } from '../json-file.ts';

/** A document to apply, and whose it is (the package or one of its dependencies). */
export interface SourceDocument {
  package: string;
  version: string;
  document: Record<string, unknown[]>;
  /** A bundled template as the platform ships it: installed by the install engine (installPackage), which records its components as its own. */
  bundled: boolean;
}

/** A scenario file, parsed but not yet validated (a malformed one is reported, not thrown). */
export interface ScenarioFile { file: string; document: unknown }

/**
 * What `tessera test` needs of a package: its documents in install order (its bundled dependencies
 * first, then itself), its scenarios and its sample data.
 */
export interface PackageSource {
  name: string;
  version: string;
  dir: string;
  install: SourceDocument[];
  scenarios: ScenarioFile[];
  sampleData?: unknown;
}

const exists = (file: string) => fs.stat(file).then(() => true, () => false);

/** The bundled templates a package depends on, dependencies first (crm-core before an industry template). */
function bundledInstallOrder(dependencies: string[], from: string): SourceDocument[] {
  const bundled = bundledTemplates();
  const ordered: SourceDocument[] = [];
  const visit = (name: string) => {
    if (ordered.some((d) => d.package === name)) return;
    const manifest = bundled.get(name);
    if (!manifest) {
      throw new PlatformError('NOT_FOUND', `${from} depends on ${name}, which is not a bundled template (${[...bundled.keys()].join(', ')}); tessera test installs only those as dependencies`, { details: [{ pointer: `/dependencies/${name}`, message: 'not a bundled template' }] });
    }
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
    ordered.push({ package: name, version: manifest.version, document: manifest.components as Record<string, unknown[]>, bundled: true });
  };
  for (const name of dependencies) visit(name);
  return ordered;
}

/** The folder is the bundled template of that name itself (not a copy elsewhere, whose changes the engine would not see). */
function isBundledFolder(name: string, dir: string): boolean {
  return listTemplates().some((t) => t.name === name && path.resolve(t.dir) === path.resolve(dir));
}

/** A template folder (template.json: metadata, documents, requires, sampleData). */
async function templateFolder(dir: string): Promise<PackageSource> {
  const manifest = await readJsonFile(path.join(dir, 'template.json'), 'template.json') as { name: string; version: string; metadata: string; documents?: string[]; requires?: string[]; sampleData?: string };
  const document: Record<string, unknown[]> = {};
  for (const file of [manifest.metadata, ...(manifest.documents ?? [])]) {
    const part = await readJsonFile(path.join(dir, file), file);
    if (!part || typeof part !== 'object' || Array.isArray(part)) throw new PlatformError('VALIDATION_FAILED', `${file} must be a metadata document`, { details: [{ pointer: '', message: 'must be an object', file }] });
    for (const [key, items] of Object.entries(part)) {
      if (!Array.isArray(items)) throw new PlatformError('VALIDATION_FAILED', `${file}: ${key} must be a list of items`, { details: [{ pointer: `/${key}`, message: 'must be an array', file }] });
      document[key] = [...(document[key] ?? []), ...items];
    }
  }
  const scenarioDir = path.join(dir, 'scenarios');
  const names = (await fs.readdir(scenarioDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const scenarios: ScenarioFile[] = [];
  for (const name of names) scenarios.push({ file: `scenarios/${name}`, document: await readJsonFile(path.join(scenarioDir, name), `scenarios/${name}`) });
  return {
    name: manifest.name, version: manifest.version, dir,
    install: [...bundledInstallOrder(manifest.requires ?? [], manifest.name), { package: manifest.name, version: manifest.version, document, bundled: isBundledFolder(manifest.name, dir) }],
    scenarios,
    ...(manifest.sampleData ? { sampleData: await readJsonFile(path.join(dir, manifest.sampleData), manifest.sampleData) } : {}),
  };
}

/** A package folder (manifest.json, metadata/*.json, files/**: scenarios under files/scenarios/). */
async function packageFolder(dir: string): Promise<PackageSource> {
  const { manifest, files = {} } = await readPackageFolder(dir);
  const parse = (name: string) => {
    try {
      return JSON.parse(files[name]);
    } catch (error) {
      throw new PlatformError('BAD_USER_INPUT', `files/${name} is not valid JSON: ${(error as Error).message}`);
    }
  };
  const scenarios = Object.keys(files).filter((f) => /^scenarios\/[^/]+\.json$/.test(f)).sort().map((file) => ({ file: `files/${file}`, document: parse(file) }));
  const m = manifest as PackageManifest;
  return {
    name: m.name, version: m.version, dir,
    install: [...bundledInstallOrder(Object.keys(m.dependencies ?? {}), m.name), { package: m.name, version: m.version, document: (m.components ?? {}) as Record<string, unknown[]>, bundled: false }],
    scenarios,
    ...(files['sample-data.json'] !== undefined ? { sampleData: parse('sample-data.json') } : {}),
  };
}

/** Reads a template folder or a package folder; anything else is refused with what was expected. */
export async function readPackageSource(dir: string): Promise<PackageSource> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new PlatformError('BAD_USER_INPUT', `${dir} is not a folder (a template folder holds template.json, a package folder manifest.json)`);
  if (await exists(path.join(dir, 'template.json'))) return templateFolder(dir);
  if (await exists(path.join(dir, 'manifest.json'))) return packageFolder(dir);
  throw new PlatformError('BAD_USER_INPUT', `${dir} holds neither template.json (a template folder) nor manifest.json (a package folder)`);
}

/** A scenario checked against `tessera:scenario`; VALIDATION_FAILED names the file and each pointer. */
export function checkedScenario(file: ScenarioFile): Scenario {
  return validateScenario(file.document, file.file);
}
