import type { PackageManifest } from './manifest.ts';

/**
 * The bundled templates (templates/): packages that ship with the platform. Their components keep
 * the un-prefixed names tenants already have (`lead`, `student`), which their manifests say with
 * `legacyNames: true`. Their names are reserved in the registry and `legacyNames` is refused there,
 * so the exception stays theirs alone.
 */
export const BUNDLED_TEMPLATES: readonly string[] = ['crm-core', 'k12-tutoring', 'fmcg-channel-distribution', 'manufacturing-project-sales'];

/** What a template's `template.json` holds that a package manifest needs. */
export interface TemplateManifestLike {
  name: string;
  namespace: string;
  legacyNames: true;
  version: string;
  label: { en: string; 'zh-CN': string };
  description?: { en: string; 'zh-CN': string };
  requires: string[];
}

/**
 * A bundled template as a package manifest: its document as the components, each template it
 * requires as a dependency on that template's version or later within the major (`^1.1.0`).
 */
export function manifestOfTemplate(template: TemplateManifestLike, components: Record<string, Record<string, unknown>[]>, versionOf: (name: string) => string): PackageManifest {
  return {
    namespace: template.namespace,
    name: template.name,
    version: template.version,
    label: { en: template.label.en, 'zh-CN': template.label['zh-CN'] },
    ...(template.description ? { description: { en: template.description.en, 'zh-CN': template.description['zh-CN'] } } : {}),
    dependencies: Object.fromEntries(template.requires.map((name) => [name, `^${versionOf(name)}`])),
    rights: [],
    legacyNames: true,
    components,
  };
}
