import type { AddressInfo } from 'node:net';
import { fileStorageFrom, purgeFilesOf } from '../files/index.ts';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { readConfig, type PlatformConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { createApp } from '../http/app.ts';
import { attachLiveSockets } from '../http/live-route.ts';
import { LiveHub } from '../graphql/live/index.ts';
import { openPlatform, type Platform } from '../platform.ts';
import type { Plugin } from '../plugins/index.ts';
import { purgeAuditHistory } from '../audit/index.ts';
import { runBackground } from '../background/index.ts';
import { ManualClock, systemClock } from '../clock/index.ts';
import { purgeExpired } from '../metadata/index.ts';
import { listTenants } from '../tenancy/index.ts';
import { shutdownInOrder } from '../util/shutdown.ts';
import { ensureDemoTenant } from './demo-tenant.ts';
import { listenForMetadataChanges } from './metadata-listener.ts';
import type { StudioSite } from '../http/studio-route.ts';

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Purges deleted objects and fields, and record history, whose retention period has ended, for
 * every tenant; then the files nothing holds any more (files/purge.ts: after the objects and
 * fields, so the files of those purged go in the same round).
 */
async function purgeAll(platform: Platform, logger: Logger): Promise<void> {
  for (const tenant of await listTenants(platform.orm)) {
    const purged = await purgeExpired(platform.orm.em.fork(), tenant.id);
    if (purged.objects.length || purged.fields.length) logger.info({ tenant: tenant.slug, ...purged }, 'purged deleted metadata');
  }
  for (const [tenant, entries] of await purgeAuditHistory(platform.pool)) logger.info({ tenant, entries }, 'purged record history past its retention');
  for (const [tenant, files] of await purgeFilesOf(platform)) logger.info({ tenant, ...files }, 'purged files nothing holds');
}

/** Starts the whole platform: database (embedded unless DATABASE_URL), migrations, HTTP server. */
export async function startServer(config: PlatformConfig = readConfig(), options: { demoTenant?: boolean; plugins?: Plugin[]; studio?: StudioSite } = {}): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { service: 'tessera' } });
  const database = await openDatabase(config, (line) => logger.debug({ pg: line }, 'postgres'));
  if (database.embedded) logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  let platform: Platform;
  try {
    platform = await openPlatform({
      databaseUrl: database.url, deletedRetentionDays: config.deletedRetentionDays, logger, clock: config.testClock ? new ManualClock() : systemClock,
      files: { storage: fileStorageFrom(config.files, config.dataDir), maxBytes: config.files.maxBytes },
    });
  } catch (error) {
    await database.stop();
    throw error;
  }
  try {
    for (const plugin of options.plugins ?? []) await platform.plugins.install(plugin);
  } catch (error) {
    await platform.close();
    await database.stop();
    throw error;
  }
  if (options.demoTenant !== false) await ensureDemoTenant(platform, logger, config.demo);
  // After the plugins: the jobs and subscribers they define are there when work starts.
  const background = await runBackground(platform, { databaseUrl: database.url, work: config.worker, logger });
  const purgeTimer = setInterval(() => purgeAll(platform, logger).catch((err) => logger.error({ err }, 'purge failed')), 3_600_000);
  purgeTimer.unref();
  purgeAll(platform, logger).catch((err) => logger.error({ err }, 'purge failed'));

  const listener = listenForMetadataChanges(database.url, platform.schemas, platform.security, logger);
  const hub = new LiveHub({ databaseUrl: database.url, pool: platform.pool, logger });
  const app = createApp({ platform, logger, studio: options.studio, maxBodyBytes: config.maxBodyBytes, live: hub });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const sockets = attachLiveSockets(server, { platform, hub, logger });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, `Tessera listening on http://localhost:${port}`);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    platform,
    logger,
    close() {
      closing ??= (async () => {
        clearInterval(purgeTimer);
        await shutdownInOrder([
          ['metadata listener', () => listener.close()],
          ['live subscriptions', async () => { await sockets.close(); await hub.close(); }],
          ['background work', () => background.close()],
          ['http server', async () => {
            server.closeAllConnections?.();
            await new Promise<void>((resolve) => server.close(() => resolve()));
          }],
          ['platform', () => platform.close()],
          ['database', () => database.stop()],
        ], { logger });
      })();
      return closing;
    },
  };
}
