import type pg from 'pg';
import { fromPostgresError, isPlatformError } from '../errors/index.ts';

/** Runs `work` in one transaction on a pooled client, with the tenant's statement timeout. */
export async function inTransaction<T>(pool: pg.Pool, statementTimeoutMs: number, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    await db.query(`set local statement_timeout = ${Math.floor(statementTimeoutMs)}`);
    const result = await work(db);
    await db.query('commit');
    return result;
  } catch (error) {
    await db.query('rollback').catch(() => {});
    if (isPlatformError(error)) throw error;
    throw fromPostgresError(error) ?? error;
  } finally {
    db.release();
  }
}
