import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadPlugins, readConfig, startServer, type RunningServer } from '@tessera/platform';

/** A server for scenarios and how to get rid of it and its database again. */
export interface ScenarioServer {
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * Starts an in-process platform for scenarios: the HTTP server (GraphQL steps go through it) with the
 * runtime plugins (TESSERA_PLUGINS, default the server's set) on the test clock (TESSERA_TEST_CLOCK=1).
 *
 * Its database is its own: a test clock's moves fire every due timer of the database by that clock,
 * and a server on the machine's clock would fire a scenario's timers by real time. So with a
 * PostgreSQL URL a scratch database is created on that server (dropped at close); without one, an
 * embedded PostgreSQL in a temporary directory (removed at close).
 */
export async function startScenarioServer(options: { databaseUrl?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ScenarioServer> {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), TESSERA_TEST_CLOCK: '1', LOG_LEVEL: options.env?.TESSERA_LOG_LEVEL ?? 'silent', TESSERA_STUDIO: 'off' };
  delete env.DATABASE_URL;
  let cleanup: () => Promise<void>;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  if (options.databaseUrl) {
    const name = `tessera_scenarios_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client(options.databaseUrl);
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(options.databaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    cleanup = async () => {
      const client = new pg.Client(options.databaseUrl);
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    };
  } else {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tessera-scenarios-'));
    await fs.chmod(dataDir, 0o755);
    cleanup = () => fs.rm(dataDir!, { recursive: true, force: true });
  }
  const config = { ...readConfig(env), port: 0, databaseUrl, ...(dataDir ? { dataDir } : {}) };
  let server: RunningServer;
  try {
    server = await startServer(config, { demoTenant: false, plugins: await loadPlugins(env) });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    server,
    async close() {
      try {
        await server.close();
      } finally {
        await cleanup();
      }
    },
  };
}
