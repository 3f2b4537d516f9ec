import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlatformError } from '@tessera/platform/errors';
import type { PackageManifest } from '@tessera/platform/packages';
import { readJsonFile } from '../json-file.ts';

/** The most a package folder's `files/` may hold: a package is metadata, not a data dump. */
const MAX_FILES_BYTES = 16 * 1024 * 1024;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch((error: { code?: string }) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

/**
 * A package authored as code: `package.ts` (or `package.js`) default-exporting `definePackage(…)`
 * (@tessera/sdk/define), read instead of manifest.json. Node runs it (type stripping for .ts): its
 * types were checked by the author's tsc; the build validates the manifest it gives like any other.
 */
async function manifestFromCode(dir: string): Promise<PackageManifest | undefined> {
  const candidates = ['package.ts', 'package.js', 'package.mjs'].map((name) => path.join(dir, name));
  const found = [];
  for (const file of candidates) if (await fs.stat(file).then((s) => s.isFile(), () => false)) found.push(file);
  if (!found.length) return undefined;
  const shown = path.basename(found[0]);
  if (found.length > 1 || await fs.stat(path.join(dir, 'manifest.json')).then(() => true, () => false)) {
    throw new PlatformError('BAD_USER_INPUT', `${dir} holds ${[...found.map((f) => path.basename(f)), 'manifest.json'].slice(0, found.length + 1).join(' and ')}: keep one manifest (manifest.json, or package.ts default-exporting definePackage(…))`);
  }
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(found[0]).href) as { default?: unknown };
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', `Cannot load ${shown}: ${(error as Error).message}`);
  }
  const manifest = module.default;
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new PlatformError('VALIDATION_FAILED', `${shown} must default-export a package: export default definePackage({ … }) (@tessera/sdk/define)`, { details: [{ pointer: '', message: 'no default export of a package', file: shown }] });
  return manifest as PackageManifest;
}

/**
 * A package folder as `tessera package build` reads it:
 *   manifest.json        the manifest (tessera:package); `components` may be left out here —
 *                        or package.ts / package.js default-exporting definePackage(…) instead
 *   metadata/*.json      metadata documents ({"objects": [...], "validationRules": [...]}), merged
 *                        into `components` kind by kind, in file name order
 *   files/**             further files shipped as text (sample data, scripts' sources), by path
 */
export async function readPackageFolder(dir: string): Promise<{ manifest: PackageManifest; files?: Record<string, string> }> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new PlatformError('BAD_USER_INPUT', `${dir} is not a folder (a package folder holds manifest.json, metadata/*.json and files/)`);
  const manifest = (await manifestFromCode(dir)) ?? await readJsonFile(path.join(dir, 'manifest.json'), 'manifest.json') as PackageManifest;
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new PlatformError('VALIDATION_FAILED', 'manifest.json must hold an object', { details: [{ pointer: '', message: 'must be an object' }] });
  const components: Record<string, unknown[]> = { ...(manifest.components ?? {}) };
  for (const name of (await listFiles(path.join(dir, 'metadata'))).filter((f) => f.endsWith('.json'))) {
    const document = await readJsonFile(path.join(dir, 'metadata', name), `metadata/${name}`);
    if (!document || typeof document !== 'object' || Array.isArray(document)) throw new PlatformError('VALIDATION_FAILED', `metadata/${name} must be a metadata document ({"objects": [...], …})`);
    for (const [key, items] of Object.entries(document)) {
      if (!Array.isArray(items)) throw new PlatformError('VALIDATION_FAILED', `metadata/${name}: ${key} must be an array`, { details: [{ pointer: `/${key}`, message: 'must be an array', file: `metadata/${name}` }] });
      components[key] = [...(components[key] ?? []), ...items];
    }
  }
  const names = await listFiles(path.join(dir, 'files'));
  let bytes = 0;
  const files: Record<string, string> = {};
  for (const name of names) {
    const content = await fs.readFile(path.join(dir, 'files', name), 'utf8');
    bytes += Buffer.byteLength(content);
    if (bytes > MAX_FILES_BYTES) throw new PlatformError('LIMIT_EXCEEDED', `files/ holds more than ${MAX_FILES_BYTES / 1024 / 1024} MB`);
    files[name] = content;
  }
  return { manifest: { ...manifest, components: components as PackageManifest['components'] }, ...(names.length ? { files } : {}) };
}

/** The signing key: --key's file, else TESSERA_PUBLISHER_KEY (a key file's path, or the PEM itself). */
export async function readSigningKey(keyFlag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const given = keyFlag ?? env.TESSERA_PUBLISHER_KEY;
  if (!given) throw new PlatformError('BAD_USER_INPUT', 'A package is signed with its publisher\'s key: pass --key <file> or set TESSERA_PUBLISHER_KEY (make a key with "tessera package keygen --out <file>")');
  if (!keyFlag && given.startsWith('-----BEGIN')) return given;
  try {
    return await fs.readFile(path.resolve(cwd, given), 'utf8');
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', `Cannot read the key file ${given}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
