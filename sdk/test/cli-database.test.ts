import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { openPlatform } from '@tessera/platform';
import { freePort, scratch, slug, STACK, tessera } from './support.ts';

/**
 * The CLI opens a database only when it is named (--database-url, --data-dir, or the server's own
 * DATABASE_URL / TESSERA_DATA_DIR), and never creates one: without a name it used to start a second,
 * empty embedded PostgreSQL in ./.tessera and tell the user to create a tenant there.
 */

let tmp: Awaited<ReturnType<typeof scratch>>;
let admin: pg.Client;
const emptyDatabase = `cli_empty_${Date.now()}`;

beforeAll(async () => {
  tmp = await scratch('tessera-cli-db-');
  // The suite's database, as the server leaves it on first start (the CLI only ever joins one).
  await (await openPlatform({ databaseUrl: inject('databaseUrl') })).close();
  admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`create database ${emptyDatabase}`);
});
afterAll(async () => {
  await admin?.query(`drop database if exists ${emptyDatabase} with (force)`);
  await admin?.end();
  await tmp?.remove();
});

/** The test server's PostgreSQL, another database on it. */
function urlOf(database: string): string {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

async function entries(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}

describe('tessera with nothing named', () => {
  it('creates no database anywhere: every command says how to name a server or a database', async () => {
    const cwd = await fs.mkdtemp(path.join(tmp.dir, 'cwd-'));
    const env = { XDG_CONFIG_HOME: path.join(cwd, 'config') };
    const pull = await tessera(['metadata', 'pull'], env, cwd);
    expect(pull.code).toBe(4);
    expect(pull.stderr).toBe('error: Not logged in to a Tessera server: run "tessera login --url <url> --api-key <key>" (or set TESSERA_URL and TESSERA_API_KEY). To work on a database directly instead, pass --database-url <url> or --data-dir <dir>\n');
    for (const args of [['tenant', 'list'], ['tenant', 'create', slug()]]) {
      const run = await tessera(args, env, cwd);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^error: "tessera ${args[0]} ${args[1]}" works on the database itself: pass --database-url <url> or --data-dir <dir>`));
      expect(run.stderr).not.toMatch(STACK);
    }
    // The bug: ./.tessera used to appear here, holding a second, empty PostgreSQL.
    expect(await entries(cwd)).toEqual([]);
  });

  it('a saved login does not make tenants: tenant create still needs the database', async () => {
    const cwd = await fs.mkdtemp(path.join(tmp.dir, 'cwd-'));
    const run = await tessera(['tenant', 'create', slug()], { TESSERA_URL: 'http://127.0.0.1:4000', TESSERA_API_KEY: 'tsk_x' }, cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('A tenant\'s API key (tessera login) cannot create tenants');
    expect(await entries(cwd)).toEqual([]);
  });
});

describe('tessera --data-dir', () => {
  it('refuses a directory that does not exist, naming the flag and the path, and leaves it uncreated', async () => {
    const missing = path.join(tmp.dir, 'no-such-data-dir');
    for (const args of [['tenant', 'list', '--data-dir', missing], ['metadata', 'pull', '--data-dir', missing]]) {
      const run = await tessera(args, {});
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(`error: --data-dir ${missing} does not exist. The CLI never creates a database: start the server once with TESSERA_DATA_DIR=${missing} (npm start) to create it, or name the data directory the server uses\n`);
    }
    const viaEnv = await tessera(['tenant', 'list'], { TESSERA_DATA_DIR: missing });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toMatch(new RegExp(`^error: TESSERA_DATA_DIR ${missing.replace(/[.]/g, '\\.')} does not exist\\.`));
    await expect(fs.access(missing)).rejects.toThrow();
  });

  it('refuses a directory without a database (no PostgreSQL cluster in it) and initialises nothing there', async () => {
    const empty = await fs.mkdtemp(path.join(tmp.dir, 'empty-'));
    const run = await tessera(['tenant', 'create', slug(), '--data-dir', empty], { TESSERA_PG_PORT: String(await freePort()) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: --data-dir ${empty} holds no database (no PostgreSQL cluster in ${path.join(empty, 'pg')})`);
    expect(await entries(empty)).toEqual([]);
    const file = await tmp.file('not-a-dir', 'x');
    const notDir = await tessera(['tenant', 'list', '--data-dir', file], {});
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toBe(`error: --data-dir ${file} is not a directory\n`);
  });
});

describe('tessera --database-url', () => {
  it('refuses a PostgreSQL database that is not Tessera\'s, and creates no tables in it', async () => {
    const url = urlOf(emptyDatabase);
    const run = await tessera(['tenant', 'create', slug(), '--database-url', url], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: --database-url postgres:\/\/.* is not a Tessera database \(it has no tessera schema\), and the CLI never creates one/);
    expect(run.stderr).toContain(':***@'); // the password left out
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query(`select count(*)::int as n from pg_namespace where nspname in ('tessera', 'pgboss')`)).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('a database that does not exist is not created: exit 3, the server said so', async () => {
    const name = `cli_missing_${Date.now()}`;
    const run = await tessera(['tenant', 'list', '--database-url', urlOf(name)], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`database "${name}" does not exist`);
    expect((await admin.query('select count(*)::int as n from pg_database where datname = $1', [name])).rows[0].n).toBe(0);
  });

  it('the server\'s environment: TESSERA_URL wins for metadata, tenant commands use DATABASE_URL', async () => {
    const url = inject('databaseUrl');
    const both = { DATABASE_URL: url, TESSERA_URL: `http://127.0.0.1:${await freePort()}`, TESSERA_API_KEY: 'tsk_x' };
    const pull = await tessera(['metadata', 'pull'], both);
    expect(pull.code).toBe(3); // it went to the (absent) server, not the database
    const list = await tessera(['tenant', 'list', '--json'], both);
    expect(list.code, list.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(list.stdout).tenants)).toBe(true);
  });
});
