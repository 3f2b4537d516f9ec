import type { Capability } from '../security/model.ts';

/** A package's manifest, as authored (validated against `tessera:package`). */
export interface PackageManifest {
  namespace: string;
  name: string;
  version: string;
  label: { en: string; 'zh-CN': string };
  description?: { en: string; 'zh-CN': string };
  dependencies?: Record<string, string>;
  rights?: Capability[];
  legacyNames?: boolean;
  components: Record<string, Record<string, unknown>[]>;
  /** Data migrations run on upgrade from a version in `from` (packages/install/data-migrations.ts). */
  migrations?: { from: string; steps: { update: string; set: Record<string, string>; where?: string }[] }[];
}
