import type { PlatformExtension } from '../platform.ts';

/**
 * The extensions a process composes (the platform core never imports them): modules named in
 * TESSERA_EXTENSIONS (comma-separated; default the script runtime), each exporting `extension` or
 * `createExtension()`. The server installs them at start; the CLI when a command needs them
 * (`metadata apply` of a document with scripts compiles them).
 */
export async function loadExtensions(env: NodeJS.ProcessEnv = process.env): Promise<PlatformExtension[]> {
  const names = (env.TESSERA_EXTENSIONS ?? '@tessera/runtime').split(',').map((s) => s.trim()).filter(Boolean);
  const loaded: PlatformExtension[] = [];
  for (const name of names) {
    const mod = (await import(name)) as { extension?: PlatformExtension; createExtension?: () => PlatformExtension };
    const extension = mod.createExtension?.() ?? mod.extension;
    if (extension) loaded.push(extension);
  }
  return loaded;
}
