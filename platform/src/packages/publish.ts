import type pg from 'pg';
import semver from 'semver';
import { isPlatformError, PlatformError, prefixPointers, type ErrorDetail } from '../errors/index.ts';
import { pgRunner } from '../storage/sql/runner.ts';
import { assertStorableText } from '../util/text.ts';
import { filesProblems } from './files.ts';
import { validateManifest, type PackageManifest } from './manifest.ts';
import { publisherByKey } from './publishers.ts';
import { signatureValid, type SignedPackage } from './signing.ts';
import { BUNDLED_TEMPLATES } from './templates.ts';
import { resolveVersion } from './versions.ts';

export interface PublishedVersion {
  name: string;
  namespace: string;
  version: string;
  publisher: string;
}

const refuse = (message: string, details: ErrorDetail[]) => new PlatformError('VALIDATION_FAILED', message, { details });

/** The file's envelope: a manifest object, string files, and a signature of two strings. */
function checkEnvelope(input: unknown): SignedPackage {
  const pkg = input as Partial<SignedPackage> | null;
  const problems: ErrorDetail[] = [];
  if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) throw refuse('A package is a JSON object {manifest, files?, signature}', [{ pointer: '', message: 'must be an object' }]);
  if (!pkg.manifest || typeof pkg.manifest !== 'object') problems.push({ pointer: '/manifest', message: 'is required (an object)' });
  problems.push(...filesProblems(pkg.files));
  if (typeof pkg.signature?.publicKey !== 'string' || typeof pkg.signature?.value !== 'string') problems.push({ pointer: '/signature', message: 'is required: {publicKey, value}, as `tessera package build` writes it' });
  const extra = Object.keys(pkg).filter((k) => !['manifest', 'files', 'signature'].includes(k));
  for (const key of extra) problems.push({ pointer: `/${key}`, message: 'is not part of a package (manifest, files, signature)' });
  if (problems.length) throw refuse('The file is not a built package', problems);
  // Stored as jsonb: text PostgreSQL cannot hold (a NUL, a lone surrogate) is refused at its pointer, not failed on insert.
  assertStorableText(pkg, '', 'The package');
  return pkg as SignedPackage;
}

/** Components of a kind this platform does not have (a typo, or a plugin's kind that is not installed) could never be installed. */
function unknownKinds(manifest: PackageManifest, documentKeys: readonly string[] | undefined): void {
  if (!documentKeys) return;
  const unknown = Object.keys(manifest.components).filter((key) => !documentKeys.includes(key));
  if (unknown.length) {
    throw refuse(`The package has components of kinds this platform does not have: ${unknown.join(', ')} (it has ${documentKeys.join(', ')})`,
      unknown.map((key) => ({ pointer: `/manifest/components/${key}`, message: 'is not a kind of metadata here' })));
  }
}

/** The manifests of the dependencies (newest version within each range); a dependency nobody published is refused. */
async function dependencyManifests(pool: pg.Pool, manifest: PackageManifest, bundled: Map<string, PackageManifest> | undefined): Promise<Map<string, PackageManifest>> {
  const found = new Map<string, PackageManifest>();
  const missing: ErrorDetail[] = [];
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    const template = bundled?.get(name);
    if (template) {
      // A bundled template is a dependency at the version this platform ships.
      if (semver.satisfies(template.version, range)) found.set(name, template);
      else missing.push({ pointer: `/manifest/dependencies/${name}`, message: `${name} is bundled at ${template.version}, outside ${range}` });
      continue;
    }
    const dependency = await resolveVersion(pgRunner(pool), name, range);
    if (dependency) found.set(name, dependency);
    else missing.push({ pointer: `/manifest/dependencies/${name}`, message: `no published version of ${name} satisfies ${range}` });
  }
  if (missing.length) throw refuse(`Unknown dependenc${missing.length === 1 ? 'y' : 'ies'}: ${missing.map((m) => m.message).join('; ')}`, missing);
  return found;
}

const withinManifest = async <T>(work: () => T | Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw isPlatformError(error) ? prefixPointers(error, '/manifest') : error;
  }
};

/**
 * Publishes one signed package version to the registry, in this order:
 * 1. the signature is over the file's manifest and files as they are (one changed byte: VALIDATION_FAILED at /signature);
 * 2. its key is a registered publisher's, not revoked (FORBIDDEN): the signature is the authority,
 *    whoever sends the file;
 * 3. the manifest is valid (dependencies on `bundled` templates resolve to the shipped version), its components of kinds this platform has (`documentKeys`: the kinds
 *    registered, plugins' included), its dependencies published, the names it uses theirs
 *    (VALIDATION_FAILED, pointers under /manifest);
 * 4. the name and namespace are the publisher's: the first version claims both (FORBIDDEN or CONFLICT otherwise);
 * 5. the version is new (CONFLICT when it was published before: a version is one content forever).
 */
export async function publishPackage(pool: pg.Pool, input: unknown, options: { publishedBy: string | null; documentKeys?: readonly string[]; bundled?: Map<string, PackageManifest> }): Promise<PublishedVersion> {
  const pkg = checkEnvelope(input);
  if (!signatureValid(pkg)) throw refuse('The package\'s signature does not match its contents: it was changed after signing, or signed with another key', [{ pointer: '/signature/value', message: 'does not verify over the manifest and files' }]);
  const publisher = await publisherByKey(pgRunner(pool), pkg.signature.publicKey);
  if (!publisher) throw new PlatformError('FORBIDDEN', 'The package is signed with a key no registered publisher holds', { details: [{ pointer: '/signature/publicKey', message: 'unknown publisher key' }] });
  if (publisher.revokedAt) throw new PlatformError('FORBIDDEN', `The key of publisher ${publisher.name} was revoked`, { details: [{ pointer: '/signature/publicKey', message: 'revoked publisher key' }] });
  const manifest = await withinManifest(() => validateManifest(pkg.manifest));
  if (BUNDLED_TEMPLATES.includes(manifest.name)) throw new PlatformError('FORBIDDEN', `${manifest.name} is a bundled template: it ships with the platform, not through the registry`, { details: [{ pointer: '/manifest/name', message: 'is reserved for a bundled template' }] });
  unknownKinds(manifest, options.documentKeys);
  const dependencies = await dependencyManifests(pool, manifest, options.bundled);
  await withinManifest(() => validateManifest(manifest, { dependencies }));

  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('insert into tessera.packages (name, namespace, publisher_id) values ($1, $2, $3) on conflict do nothing', [manifest.name, manifest.namespace, publisher.id]);
    const { rows: [owner] } = await client.query<{ namespace: string; publisher_id: string }>('select namespace, publisher_id from tessera.packages where name = $1 for update', [manifest.name]);
    if (!owner) {
      throw new PlatformError('CONFLICT', `The namespace ${manifest.namespace} belongs to another package`, { details: [{ pointer: '/manifest/namespace', message: 'is taken by another package' }] });
    }
    if (owner.publisher_id !== publisher.id) throw new PlatformError('FORBIDDEN', `${manifest.name} belongs to another publisher`, { details: [{ pointer: '/signature/publicKey', message: `is not the key of ${manifest.name}'s publisher` }] });
    if (owner.namespace !== manifest.namespace) throw new PlatformError('CONFLICT', `${manifest.name} has the namespace ${owner.namespace}; a package keeps its namespace`, { details: [{ pointer: '/manifest/namespace', message: `must stay ${owner.namespace}` }] });
    const { rowCount } = await client.query(
      'insert into tessera.package_versions (name, version, manifest, package, published_by) values ($1, $2, $3, $4, $5) on conflict do nothing',
      [manifest.name, manifest.version, JSON.stringify(manifest), JSON.stringify(pkg), options.publishedBy],
    );
    if (!rowCount) throw new PlatformError('CONFLICT', `${manifest.name}@${manifest.version} is already published: publish a new version`, { details: [{ pointer: '/manifest/version', message: 'is already published' }] });
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  return { name: manifest.name, namespace: manifest.namespace, version: manifest.version, publisher: publisher.name };
}
