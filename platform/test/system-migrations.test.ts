import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPlatform } from '../src/platform.ts';
import { testDatabaseUrl } from './support/server.ts';
import { SYSTEM_MIGRATIONS } from '../src/storage/system/migrations/index.ts';

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
      expect(rows.map((r) => r.name)).toEqual(SYSTEM_MIGRATIONS.map((m) => m.name));
      const tables = await b.pool.query(`select count(*)::int as n from information_schema.tables where table_schema = 'tessera'`);
      // 23 before the package registry (0015: publishers, packages, package versions), 26 before
      // installed packages (0016: installed_packages, package_components).
      expect(tables.rows[0].n).toBe(28);
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
    expect(rows[0].n).toBe(SYSTEM_MIGRATIONS.length);
    await again.close();
  });
});
