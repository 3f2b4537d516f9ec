import type { PlatformExtension } from '../scripts/service.ts';

/**
 * The extensions the server (and `npm run worker`) composes (the platform core never imports them): modules named in
 * TESSERA_EXTENSIONS (comma-separated; default the script runtime), each exporting `extension`.
 */
export async function loadExtensions(): Promise<PlatformExtension[]> {
  const names = (process.env.TESSERA_EXTENSIONS ?? '@tessera/runtime').split(',').map((s) => s.trim()).filter(Boolean);
  const loaded: PlatformExtension[] = [];
  for (const name of names) {
    const mod = (await import(name)) as { extension?: PlatformExtension; createExtension?: () => PlatformExtension };
    const extension = mod.createExtension?.() ?? mod.extension;
    if (extension) loaded.push(extension);
  }
  return loaded;
}
