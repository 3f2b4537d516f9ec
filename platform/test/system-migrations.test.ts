import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPlatform } from '../src/platform.ts';
import { testDatabaseUrl } from './support/server.ts';

async function freshDatabase(): Promise<string> {
  const name = `tessera_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(testDatabaseUrl());
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

describe('system migrations', () => {
  it('run once when two servers start together on an empty database', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([openPlatform({ databaseUrl: url }), openPlatform({ databaseUrl: url })]);
    try {
      const { rows } = await a.pool.query('select name from tessera_migrations order by id');
      expect(rows.map((r) => r.name)).toEqual(['0001-system-model', '0002-security', '0003-scripts', '0004-list-views', '0005-dashboards', '0006-share-sync', '0007-credential-issuers']);
      const tables = await b.pool.query(`select count(*)::int as n from information_schema.tables where table_schema = 'tessera'`);
      expect(tables.rows[0].n).toBe(17);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('are a no-op on the next start', async () => {
    const url = await freshDatabase();
    await (await openPlatform({ databaseUrl: url })).close();
    const again = await openPlatform({ databaseUrl: url });
    const { rows } = await again.pool.query('select count(*)::int as n from tessera_migrations');
    expect(rows[0].n).toBe(7);
    await again.close();
  });
});
