import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool.ts';
import { testDatabaseUrl } from '../support/server.ts';

/**
 * A connection lost while a client is checked out — between two statements of a transaction, when
 * no query is active to reject — makes pg emit 'error' on the client. With nobody listening that
 * ends the process (every tenant's requests with it). Every pooled client is heard: the next query
 * fails, the client is discarded on release, the pool goes on.
 */
const pool = createPool(testDatabaseUrl(), 3);
const admin = createPool(testDatabaseUrl(), 1);
afterAll(async () => { await pool.end(); await admin.end(); });

describe('a checked-out connection lost between statements', () => {
  it('is an error of the next query, not of the process; the pool replaces it', async () => {
    const uncaught: unknown[] = [];
    const hear = (err: unknown) => { uncaught.push(err); };
    process.on('uncaughtException', hear);
    try {
      const client = await pool.connect();
      await client.query('begin');
      const { rows: [{ pid }] } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await new Promise((r) => setTimeout(r, 300));
      const failed = await client.query('select 1').then(() => undefined, (e: Error) => e);
      expect(failed).toBeInstanceOf(Error);
      client.release(failed);
      expect((await pool.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      expect(uncaught).toEqual([]);
    } finally {
      process.removeListener('uncaughtException', hear);
    }
  });
});
