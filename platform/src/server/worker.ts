import pino from 'pino';
import { runBackground } from '../background/index.ts';
import { ManualClock, systemClock } from '../clock/index.ts';
import { readConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { openPlatform } from '../platform.ts';
import { loadPlugins } from './plugins.ts';

/**
 * `npm run worker`: a process that runs jobs, the timer sweep and change-event delivery, and no
 * HTTP. Run as many as the load needs, beside servers started with TESSERA_WORKER=off (or not:
 * servers and workers share the work safely). It composes the same plugins as the server, so
 * it knows the same jobs and subscribers.
 */
const config = readConfig();
const logger = pino({ level: config.logLevel, base: { service: 'tessera-worker' } });
const database = await openDatabase(config, (line) => logger.debug({ pg: line }, 'postgres'));
const platform = await openPlatform({ databaseUrl: database.url, deletedRetentionDays: config.deletedRetentionDays, logger, clock: config.testClock ? new ManualClock() : systemClock });
for (const plugin of await loadPlugins()) await platform.plugins.install(plugin);
const background = await runBackground(platform, { databaseUrl: database.url, work: true, logger });
logger.info({ jobs: platform.jobs.names, subscribers: platform.events.subscriberNames }, 'Tessera worker running');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    (async () => {
      await background.close();
      await platform.close();
      await database.stop();
    })().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'worker shutdown failed');
      process.exit(1);
    });
  });
}
