import { readConfig } from '../config/config.ts';
import { loadPlugins } from './plugins.ts';
import { startServer } from './start.ts';
import type { StudioSite } from '../http/studio-route.ts';

/** The studio, built in the background when its sources changed (the server answers meanwhile). */
async function loadStudio(): Promise<StudioSite | undefined> {
  if (process.env.TESSERA_STUDIO === 'off') return undefined;
  const studioModule = '@tessera/studio/server';
  const { prepareStudio } = (await import(studioModule)) as { prepareStudio(onError: (error: unknown) => void): StudioSite };
  return prepareStudio((error) => console.error('The studio build failed:', error instanceof Error ? error.message : error));
}

/** `npm start`: runs the platform until SIGINT or SIGTERM, then stops it (and the embedded database) cleanly. */
const server = await startServer(readConfig(), { plugins: await loadPlugins(), studio: await loadStudio() }).catch((error: unknown) => {
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
