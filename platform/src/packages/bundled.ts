import { listTemplates, readTemplatePackage } from '@tessera/templates';
import type { PackageManifest } from './types.ts';
import { manifestOfTemplate } from './templates.ts';

let cached: Map<string, PackageManifest> | undefined;

/**
 * The bundled templates as package manifests, by name: what a published package may depend on
 * (`"crm-core": "^1.1.0"`) and extend (`lead`), although they are never in the registry. Read once:
 * they ship with the platform and change only with it.
 */
export function bundledTemplates(): Map<string, PackageManifest> {
  if (!cached) {
    const templates = listTemplates();
    const versionOf = (name: string) => templates.find((t) => t.name === name)!.version;
    cached = new Map(templates.map((t) => [t.name, manifestOfTemplate(t, readTemplatePackage(t.name) as PackageManifest['components'], versionOf)]));
  }
  return cached;
}
