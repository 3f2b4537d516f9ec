import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/**
 * Whether a database already is a Tessera database, asked before anything would create one: the
 * server creates its database on first start, tools that open it (the CLI) must only ever join one.
 */

/** What a data directory holds: nothing there, something that is not a directory, no PostgreSQL cluster yet, or one. */
export type DataDirState = 'missing' | 'not-a-directory' | 'no-cluster' | 'cluster';

/** Looks at an embedded data directory without changing it (the cluster lives in `<dir>/pg`, as startEmbeddedPostgres keeps it). */
export async function dataDirState(dataDir: string): Promise<DataDirState> {
  const stat = await fs.stat(dataDir).catch(() => undefined);
  if (!stat) return 'missing';
  if (!stat.isDirectory()) return 'not-a-directory';
  const cluster = await fs.access(path.join(dataDir, 'pg', 'PG_VERSION')).then(() => true, () => false);
  return cluster ? 'cluster' : 'no-cluster';
}

/** True when the database at `url` holds Tessera's system tables. Connection failures are thrown as the driver reports them. */
export async function isTesseraDatabase(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("select to_regclass('tessera.tenants') is not null as ok");
    return rows[0].ok;
  } finally {
    await client.end().catch(() => {});
  }
}
