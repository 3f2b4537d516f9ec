import type pg from 'pg';
import type { Clock } from '../clock/index.ts';

/** What a job handler runs with. */
export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first run, 2 for the first retry… */
  attempt: number;
  /** No retry follows if this run fails (the job's own limit): a handler records why it gave up. */
  lastAttempt: boolean;
  tenantId: string | null;
  /**
   * The transaction that also records the job's completion: what the handler writes through it
   * commits if and only if the job completes, so a job whose work is all in `tx` never has its
   * effects twice, even when its process is killed at any point.
   */
  tx: pg.PoolClient;
  clock: Clock;
  /** Aborted when the job's time is up or the process stops. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

export interface JobOptions {
  /** Runs at most this many times (default 5): the first and the retries. */
  maxAttempts?: number;
  /** Delay before a retry, in seconds (default 1), doubled per attempt up to `maxDelaySeconds` when exponential (default). */
  backoff?: { delaySeconds?: number; exponential?: boolean; maxDelaySeconds?: number };
  /** A run still going after this long is failed (and retried) (default 300). */
  timeoutSeconds?: number;
}

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists if and only if it commits. */
  tx?: pg.PoolClient;
  /** One job per key (and name and tenant): enqueuing the same key again does nothing (with a later `runAt`: moves its time). */
  key?: string;
  /** Not before this time by `platform.clock` (a later time makes it a timer that enqueues the job when due). */
  runAt?: Date;
  tenantId?: string;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** One job as the history shows it. */
export interface JobRun {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  createdAt: Date;
  runAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
}
