import { API_NAME_PATTERN, NAMESPACE } from '../metadata/names.ts';
import { CAPABILITIES } from '../security/model.ts';

/** A namespace: the prefix of every component a package owns (`k12` → `k12__lesson`); defined with API names. */
export { NAMESPACE };
/** A package's name, as `npm` spells them (`crm-core`, `acme-field-service`). */
export const PACKAGE_NAME = /^[a-z][a-z0-9-]{1,62}$/;

const localized = (what: string) => ({
  type: 'object',
  description: `${what} in English and Chinese (\`en\`, \`zh-CN\`), shown in the marketplace.`,
  required: ['en', 'zh-CN'],
  properties: { en: { type: 'string', minLength: 1, maxLength: 2000 }, 'zh-CN': { type: 'string', minLength: 1, maxLength: 2000 } },
  additionalProperties: false,
});

/**
 * The manifest of a package (`tessera:package`, published at GET /metadata/schema). What JSON Schema
 * cannot say is checked in code (manifest.ts): semver versions and ranges, namespaced component
 * names, names used from dependencies.
 */
export const packageSchema: Record<string, unknown> = {
  $id: 'tessera:package',
  title: 'Package manifest',
  description: 'A namespaced, versioned package of metadata: what `tessera package build` reads (manifest.json) and the marketplace lists.',
  type: 'object',
  required: ['namespace', 'name', 'version', 'label', 'components'],
  additionalProperties: false,
  properties: {
    namespace: { type: 'string', pattern: NAMESPACE.source, description: 'Prefix of every component the package owns: `<namespace>__<name>`.' },
    name: { type: 'string', pattern: PACKAGE_NAME.source, description: 'The package\'s name in the registry (lower case, digits and -).' },
    version: { type: 'string', minLength: 5, maxLength: 64, description: 'Semantic version (1.2.3).' },
    label: localized('The name people read'),
    description: localized('What the package does'),
    dependencies: {
      type: 'object',
      description: 'Packages whose components this one uses or extends, by name, each with a semver range.',
      propertyNames: { pattern: PACKAGE_NAME.source },
      additionalProperties: { type: 'string', minLength: 1, maxLength: 128 },
      maxProperties: 50,
    },
    rights: {
      type: 'array',
      description: 'The capabilities the package asks for; shown before install.',
      items: { enum: [...CAPABILITIES] },
      uniqueItems: true,
    },
    legacyNames: {
      type: 'boolean',
      description: 'Only the bundled templates (crm-core and the industry templates): their components keep the un-prefixed names tenants already use. The registry refuses it.',
    },
    migrations: {
      type: 'array',
      description: 'Data migrations run on upgrade, in the upgrade\'s transaction, after its metadata changes: each applies when the version upgraded from is in `from` (a semver range); each step updates the records of `update` that `where` (an expression, boolean) matches, setting each field of `set` to its expression, through the records API.',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['from', 'steps'],
        additionalProperties: false,
        properties: {
          from: { type: 'string', minLength: 1, maxLength: 128 },
          steps: {
            type: 'array', minItems: 1, maxItems: 50,
            items: {
              type: 'object', required: ['update', 'set'], additionalProperties: false,
              properties: {
                update: { type: 'string', pattern: API_NAME_PATTERN },
                set: { type: 'object', minProperties: 1, propertyNames: { pattern: API_NAME_PATTERN }, additionalProperties: { type: 'string', minLength: 1, maxLength: 4000 } },
                where: { type: 'string', minLength: 1, maxLength: 4000 },
              },
            },
          },
        },
      },
    },
    components: {
      type: 'object',
      description: 'The metadata the package ships, as a metadata document (`tessera:document`): objects, and any other kind by its document key (validationRules, workflows…).',
      propertyNames: { pattern: API_NAME_PATTERN },
      additionalProperties: { type: 'array', maxItems: 10000, items: { type: 'object' } },
    },
  },
};
