import { readConfig } from '../config/config.ts';
import type { PlatformExtension } from '../scripts/service.ts';
import { startServer } from './start.ts';

/**
 * The extensions the server composes (the platform core never imports them): modules named in
 * TESSERA_EXTENSIONS (comma-separated; default the script runtime), each exporting `extension`.
 */
async function loadExtensions(): Promise<PlatformExtension[]> {
  const names = (process.env.TESSERA_EXTENSIONS ?? '@tessera/runtime').split(',').map((s) => s.trim()).filter(Boolean);
  const loaded: PlatformExtension[] = [];
  for (const name of names) {
    const mod = (await import(name)) as { extension?: PlatformExtension; createExtension?: () => PlatformExtension };
    const extension = mod.createExtension?.() ?? mod.extension;
    if (extension) loaded.push(extension);
  }
  return loaded;
}

/** `npm start`: runs the platform until SIGINT or SIGTERM, then stops it (and the embedded database) cleanly. */
const server = await startServer(readConfig(), { extensions: await loadExtensions() }).catch((error: unknown) => {
  console.error('Tessera failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
