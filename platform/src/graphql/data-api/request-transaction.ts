import type pg from 'pg';
import { fromPostgresError, isPlatformError } from '../../errors/index.ts';
import type { LocalApiUsage } from '../../operations/context.ts';
import type { Tracer } from '../../operations/trace.ts';

/**
 * The one transaction of a request's mutations (as Hasura does): the first root mutation opens it,
 * the others run in it one after another (graphql-js executes mutation fields serially), and it
 * ends once the whole operation has: COMMIT when every field succeeded, ROLLBACK otherwise. Once one
 * field has failed, the fields after it do not run. Writes, script actions, cascades, record history
 * (audit) rows — everything a mutation does goes through its `db` and so shares the outcome.
 */
export class RequestTransaction {
  private client: pg.PoolClient | undefined;
  private restoreQuery: (() => void) | undefined;
  /** Set when a root mutation failed: the rest are skipped and the transaction is rolled back. */
  failed = false;
  /** Records written so far by the request's mutations (against maxRowsPerRequest). */
  rowsWritten = 0;
  /** The local API's budget (scripts' ctx.db), per transaction: shared by every mutation of the request. */
  readonly usage: LocalApiUsage = { queries: 0, rowsWritten: 0 };

  private readonly pool: pg.Pool;
  private readonly statementTimeoutMs: number;
  private readonly tracer: Tracer | undefined;

  constructor(pool: pg.Pool, statementTimeoutMs: number, tracer?: Tracer) {
    this.pool = pool;
    this.statementTimeoutMs = statementTimeoutMs;
    this.tracer = tracer;
  }

  get opened(): boolean {
    return this.client !== undefined;
  }

  /** Runs one root mutation's work in the transaction; a failure marks the whole request failed. */
  async run<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await work(await this.open());
    } catch (error) {
      this.failed = true;
      if (isPlatformError(error)) throw error;
      throw fromPostgresError(error) ?? error;
    }
  }

  private async open(): Promise<pg.PoolClient> {
    if (this.client) return this.client;
    const db = await this.pool.connect();
    try {
      await db.query('begin');
      await db.query(`set local statement_timeout = ${Math.floor(this.statementTimeoutMs)}`);
    } catch (error) {
      db.release();
      throw error;
    }
    const tracer = this.tracer;
    if (tracer) {
      // Count the transaction's statements for the trace (restored before the client goes back to the pool).
      const query = db.query;
      db.query = ((...a: unknown[]) => {
        tracer.countQuery();
        return (query as (...b: unknown[]) => unknown).apply(db, a);
      }) as typeof db.query;
      this.restoreQuery = () => { db.query = query; };
    }
    this.client = db;
    return db;
  }

  /** COMMIT (when `commit` and nothing failed) or ROLLBACK, and the client back to the pool; the error of a failed COMMIT. */
  async finish(commit: boolean): Promise<unknown> {
    const db = this.client;
    if (!db) return undefined;
    this.client = undefined;
    try {
      await db.query(commit && !this.failed ? 'commit' : 'rollback');
      return undefined;
    } catch (error) {
      await db.query('rollback').catch(() => {});
      return error;
    } finally {
      this.restoreQuery?.();
      db.release();
    }
  }
}
