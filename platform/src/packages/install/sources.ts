import semver from 'semver';
import { listTemplateReleases, listTemplates, readTemplateRelease } from '@tessera/templates';
import { PlatformError } from '../../errors/index.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import { validateManifest } from '../manifest.ts';
import { publisherByKey } from '../publishers.ts';
import { signatureValid, type SignedPackage } from '../signing.ts';
import { manifestOfTemplate, type TemplateManifestLike } from '../templates.ts';
import type { PackageManifest } from '../types.ts';
import type { ResolvedPackage } from './types.ts';

type Template = ReturnType<typeof listTemplates>[number];

/** A version or a range as asked: absent (the newest), `1.2.0`, `^1.1`. Anything else is refused at `pointer`. */
function rangeOf(version: string | null | undefined, pointer: string): string {
  if (!version) return '*';
  if (semver.validRange(version) === null) throw new PlatformError('BAD_USER_INPUT', `"${version}" is neither a version nor a semver range`, { details: [{ pointer, message: 'must be a version (1.2.0) or a range (^1.2)' }] });
  return version;
}

/** Every version a bundled template can be installed at: the one it ships and those kept in releases/. */
function templateVersions(template: Template): string[] {
  return [template.version, ...listTemplateReleases(template.name).map((r) => r.version)];
}

function templateNamed(name: string): Template | undefined {
  return listTemplates().find((t) => t.name === name);
}

/** A bundled template at one of its versions, as a package. */
function bundledPackage(template: Template, version: string): ResolvedPackage {
  const current = (name: string) => templateNamed(name)?.version ?? '0.0.0';
  const manifest = manifestOfTemplate({ ...(template as unknown as TemplateManifestLike), version }, readTemplateRelease(template.name, version), current);
  // `plugins` is what the shipped version names; an earlier release is checked by its kinds alone
  // (every document key must have its kind here), not by plugins only a later version needs.
  return { manifest, source: 'BUNDLED', plugins: version === template.version ? template.plugins ?? [] : [], files: {} };
}

/**
 * A registry package's signed file, checked again at install: the signature over the contents as
 * stored (a row changed behind the registry's back is refused), by a publisher not revoked since.
 */
async function verifiedRegistryPackage(sql: SqlRunner, name: string, version: string): Promise<ResolvedPackage> {
  const [row] = await sql.query<{ package: SignedPackage }>('select package from tessera.package_versions where name = $1 and version = $2', [name, version]);
  if (!row) throw new PlatformError('NOT_FOUND', `${name}@${version} is not in the registry`, { details: [{ pointer: '/version', message: 'no such version' }] });
  const pkg = row.package;
  if (!signatureValid(pkg)) {
    throw new PlatformError('VALIDATION_FAILED', `${name}@${version} does not verify against its signature: it was changed after it was signed; it is not installed`, { details: [{ pointer: '/signature/value', message: 'does not verify over the manifest and files' }] });
  }
  const publisher = await publisherByKey(sql, pkg.signature.publicKey);
  if (!publisher || publisher.revokedAt) throw new PlatformError('FORBIDDEN', `${name}@${version} is signed by a key that is no longer trusted (revoked or unknown)`, { details: [{ pointer: '/signature/publicKey', message: 'revoked or unknown publisher key' }] });
  const manifest = validateManifest(pkg.manifest);
  if (manifest.name !== name || manifest.version !== version) throw new PlatformError('VALIDATION_FAILED', `The registry's ${name}@${version} holds ${manifest.name}@${manifest.version}`, { details: [{ pointer: '/manifest/version', message: 'does not match the registry row' }] });
  return { manifest, source: 'REGISTRY', plugins: [], files: pkg.files ?? {} };
}

/**
 * The version of `name` to install: a bundled template's (the shipped version or a release kept in
 * releases/), or the registry's newest within `version` (a version or a range; absent: the newest
 * release). NOT_FOUND when the package, or a version in range, does not exist.
 */
export async function resolvePackage(sql: SqlRunner, name: string, version?: string | null, pointer = '/version'): Promise<ResolvedPackage> {
  const range = rangeOf(version, pointer);
  const template = templateNamed(name);
  if (template) {
    const chosen = semver.maxSatisfying(templateVersions(template), range);
    if (!chosen) throw new PlatformError('NOT_FOUND', `The template ${name} has no version in ${range} (it has ${templateVersions(template).join(', ')})`, { details: [{ pointer, message: 'no such version' }] });
    return bundledPackage(template, chosen);
  }
  const rows = await sql.query<{ version: string }>('select version from tessera.package_versions where name = $1', [name]);
  if (!rows.length) throw new PlatformError('NOT_FOUND', `No package named ${name}: neither a bundled template nor in the registry`, { details: [{ pointer: '/name', message: 'no such package' }] });
  const chosen = semver.maxSatisfying(rows.map((r) => r.version), range);
  if (!chosen) throw new PlatformError('NOT_FOUND', `${name} has no published version in ${range}`, { details: [{ pointer, message: 'no such version' }] });
  return verifiedRegistryPackage(sql, name, chosen);
}

/** The newest version of `name` that could be installed (for "upgrade available"), or null. */
export async function latestVersion(sql: SqlRunner, name: string): Promise<string | null> {
  const template = templateNamed(name);
  if (template) return template.version;
  const rows = await sql.query<{ version: string }>('select version from tessera.package_versions where name = $1', [name]);
  const versions = rows.map((r) => r.version);
  return semver.rsort(versions).find((v) => !semver.prerelease(v)) ?? semver.rsort(versions)[0] ?? null;
}

/** The bundled templates as marketplace entries (source BUNDLED): what the gallery shows next to the registry's packages. */
export function bundledListings(): { manifest: PackageManifest; versions: string[]; sampleData: boolean }[] {
  const templates = listTemplates();
  const current = (name: string) => templates.find((t) => t.name === name)?.version ?? '0.0.0';
  // The listing needs template.json only: the documents are read when a version is installed.
  return templates.map((t) => ({ manifest: manifestOfTemplate(t as unknown as TemplateManifestLike, {}, current), versions: semver.rsort(templateVersions(t)), sampleData: t.sampleData !== undefined }));
}
