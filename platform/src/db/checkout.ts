import type pg from 'pg';

/**
 * Runs `work` on a pooled client, for background work (event delivery, timer sweeps). A connection
 * lost while checked out makes pg emit 'error' on the client, which would end the process with
 * nobody listening: here it is heard, the work's next query fails instead, and the client is
 * discarded rather than returned to the pool. `discard` marks it broken from inside `work`.
 */
export async function withClient<T>(pool: pg.Pool, work: (db: pg.PoolClient, discard: (error: Error) => void) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  let lost: Error | undefined;
  const discard = (error: Error) => { lost ??= error; };
  db.on('error', discard);
  try {
    return await work(db, discard);
  } finally {
    db.removeListener('error', discard);
    db.release(lost);
  }
}

/** `work` in one transaction on a pooled client (see withClient): committed, or rolled back if it throws. */
export function inBackgroundTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (db, discard) => {
    await db.query('begin');
    try {
      const result = await work(db);
      await db.query('commit');
      return result;
    } catch (error) {
      await db.query('rollback').catch(discard);
      throw error;
    }
  });
}
