import type pg from 'pg';
import Db from 'pg-boss/dist/db.js';
import type { Db as IDatabase } from 'pg-boss';

/** What pg-boss's beginTransaction returns (its type is not exported). */
interface TransactionHandle {
  db: IDatabase;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** The transaction pg-boss hands a transactional handler, with the pg client under it. */
export interface ClientTransaction extends IDatabase {
  client: pg.PoolClient;
}

/**
 * pg-boss's own pool-based database, whose transactions also expose their pg client: a job
 * handler gets a real `pg.PoolClient` (what the platform's operations take) for the transaction
 * that commits its work together with the job's completion.
 */
export class ClientDb extends Db {
  override async beginTransaction(): Promise<TransactionHandle> {
    const pool = (this as unknown as { pool: pg.Pool }).pool;
    const client = await pool.connect();
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.removeListener('error', release);
      client.release(error);
    };
    // A connection that drops while checked out emits 'error' with no listener otherwise.
    client.on('error', release);
    try {
      await client.query('BEGIN');
    } catch (error) {
      release(error as Error);
      throw error;
    }
    const settled = () => new Error('The job transaction is already settled');
    const db: ClientTransaction = {
      client,
      executeSql: (text: string, values?: unknown[]) => (released ? Promise.reject(settled()) : client.query(text, values as unknown[])),
    };
    return {
      db,
      async commit() {
        if (released) throw settled();
        try {
          await client.query('COMMIT');
        } catch (error) {
          release(error as Error);
          throw error;
        }
        release();
      },
      async rollback() {
        if (released) return;
        // Bounded: a statement still running (an abandoned handler's) would hold a ROLLBACK back.
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('ROLLBACK did not complete in time')), 5000).unref());
        try {
          await Promise.race([client.query('ROLLBACK'), timeout]);
          release();
        } catch (error) {
          release(error as Error);
        }
      },
    };
  }
}
