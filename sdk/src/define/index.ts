import type {
  ApprovalFlow, DuplicateRule, FieldDefinition, MetadataDocumentDefinition, ObjectDefinition, PackageManifestDefinition, Script, ValidationRule, Workflow,
} from './schema-types.ts';

export type * from './schema-types.ts';

/**
 * Authoring a package as code: each helper returns what it is given, typed by the JSON Schemas the
 * platform publishes (schema-types.ts, generated from GET /metadata/schema), so a wrong kind of value
 * (an unknown field type, a select without options, a workflow step of no known type, a label that is
 * no label) fails `tsc` in the editor; `tessera package build` validates the result like any manifest.
 *
 * ```ts
 * import { defineObject, definePackage, defineWorkflow } from '@tessera/sdk/define';
 * const lesson = defineObject({ name: 'tutor__lesson', fields: [{ name: 'title', type: 'text', required: true }] });
 * export default definePackage({ namespace: 'tutor', name: 'tutor-lessons', version: '1.0.0', label: { en: 'Lessons', 'zh-CN': '课程' }, objects: [lesson] });
 * ```
 */
export function defineObject<const O extends ObjectDefinition>(object: O): O {
  return object;
}

/** One field (for fields shared by several objects). */
export function defineField<const F extends FieldDefinition>(field: F): F {
  return field;
}

export function defineWorkflow<const W extends Workflow>(workflow: W): W {
  return workflow;
}

export function defineApprovalFlow<const F extends ApprovalFlow>(flow: F): F {
  return flow;
}

export function defineValidationRule<const R extends ValidationRule>(rule: R): R {
  return rule;
}

export function defineDuplicateRule<const R extends DuplicateRule>(rule: R): R {
  return rule;
}

/**
 * A script: its source as text (`language` TS by default), or `exports` — the module's exports as an
 * object (`{ triggers: { lead: { beforeCreate(ctx) {…} } } }`), written out as source, each function
 * by its own text: it runs in the sandbox, so it may use nothing but its arguments.
 */
export function defineScript(script: Script | { name: string; language?: 'TS' | 'JS'; exports: Record<string, unknown> }): Script {
  if ('source' in script) return script;
  return { name: script.name, language: script.language ?? 'JS', source: Object.entries(script.exports).map(([name, value]) => `export const ${name} = ${sourceOf(value)};\n`).join('') };
}

/** A value as JavaScript source: functions by their text (methods made properties), the rest as JSON. */
function sourceOf(value: unknown): string {
  if (typeof value === 'function') {
    const text = value.toString();
    // A method (`beforeCreate(ctx) {…}`) is not an expression: made a function expression.
    return /^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(text) ? text : `${text.startsWith('async ') ? 'async ' : ''}function ${text.replace(/^async\s+/, '')}`;
  }
  if (Array.isArray(value)) return `[${value.map(sourceOf).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${sourceOf(v)}`).join(', ')} }`;
  return JSON.stringify(value) ?? 'undefined';
}

/** A package as code: the manifest's own properties, and its components by kind (or as `components`, merged). */
export type PackageDefinition = Omit<PackageManifestDefinition, 'components' | 'legacyNames'> & MetadataDocumentDefinition & { components?: MetadataDocumentDefinition };

/** What `definePackage` returns and a package folder's `package.ts` default-exports: a manifest with its components. */
export interface DefinedPackage extends Omit<PackageManifestDefinition, 'components'> {
  components: MetadataDocumentDefinition;
}

const MANIFEST_KEYS = new Set(['namespace', 'name', 'version', 'label', 'description', 'dependencies', 'rights', 'components']);

/** The manifest of a package authored as code: components given by kind are merged after `components`, kind by kind. */
export function definePackage(definition: PackageDefinition): DefinedPackage {
  const components: Record<string, unknown[]> = { ...(definition.components ?? {}) } as Record<string, unknown[]>;
  for (const [key, value] of Object.entries(definition)) {
    if (MANIFEST_KEYS.has(key) || value === undefined) continue;
    components[key] = [...(components[key] ?? []), ...(value as unknown[])];
  }
  const manifest: Record<string, unknown> = {};
  for (const key of MANIFEST_KEYS) if (key !== 'components' && (definition as Record<string, unknown>)[key] !== undefined) manifest[key] = (definition as Record<string, unknown>)[key];
  return { ...(manifest as Omit<DefinedPackage, 'components'>), components: components as MetadataDocumentDefinition };
}
