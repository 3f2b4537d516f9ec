import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import semver from 'semver';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { toDetails } from '../metadata/meta-schema.ts';
import { componentNames, namingProblems } from './names.ts';
import { packageSchema } from './manifest-schema.ts';
import type { PackageManifest } from './types.ts';

export type { PackageManifest };

export interface ManifestCheck {
  /**
   * The manifests of the dependencies, by package name (the registry's newest version within each
   * range). Given, every name taken from another package must exist in it; without them (an offline
   * build), only what the package itself says is checked.
   */
  dependencies?: Map<string, PackageManifest>;
  /** Accept `legacyNames` (the bundled templates); the registry never does. */
  allowLegacyNames?: boolean;
}

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(packageSchema);
  return validator;
}

/** Problems of the manifest's shape, its version and its ranges, each with its JSON pointer. */
function shapeProblems(manifest: unknown, check: ManifestCheck): ErrorDetail[] {
  const validate = schemaValidator();
  if (!validate(manifest)) return toDetails(validate.errors);
  const m = manifest as PackageManifest;
  const problems: ErrorDetail[] = [];
  if (!semver.valid(m.version) || semver.clean(m.version) !== m.version) problems.push({ pointer: '/version', message: `"${m.version}" is not a semantic version (1.2.3)` });
  for (const [name, range] of Object.entries(m.dependencies ?? {})) {
    if (semver.validRange(range) === null) problems.push({ pointer: `/dependencies/${name}`, message: `"${range}" is not a semver range (^1.2.0, ~1.2, >=1 <3)` });
    if (name === m.name) problems.push({ pointer: `/dependencies/${name}`, message: 'a package cannot depend on itself' });
  }
  (m.migrations ?? []).forEach((migration, i) => {
    if (semver.validRange(migration.from) === null) problems.push({ pointer: `/migrations/${i}/from`, message: `"${migration.from}" is not a semver range (<1.2.0, 1.x)` });
  });
  if (m.legacyNames && !check.allowLegacyNames) problems.push({ pointer: '/legacyNames', message: 'only the bundled templates keep un-prefixed names; a published package names every component <namespace>__<name>' });
  return problems;
}

/**
 * Checks a manifest and returns it typed: its shape (`tessera:package`), semver version and ranges,
 * then the names of its components (names.ts). Every problem is reported at once, with its pointer;
 * VALIDATION_FAILED otherwise.
 */
export function validateManifest(manifest: unknown, check: ManifestCheck = {}): PackageManifest {
  const problems = shapeProblems(manifest, check);
  if (!problems.length) problems.push(...namingProblems(manifest as PackageManifest, check.dependencies));
  if (problems.length) {
    throw new PlatformError('VALIDATION_FAILED', `The package manifest is not valid: ${problems.slice(0, 3).map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`, { details: problems });
  }
  return manifest as PackageManifest;
}

export { componentNames };
