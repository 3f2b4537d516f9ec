import { readConfig } from '../config/config.ts';
import { startServer } from './start.ts';

/** `npm start`: runs the platform until SIGINT or SIGTERM, then stops it (and the embedded database) cleanly. */
const server = await startServer(readConfig()).catch((error: unknown) => {
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
