import type pg from 'pg';

export interface TimerSpec {
  /** The tenant whose schema keeps the timer; null: the system's own. */
  tenantId: string | null;
  /** Unique per tenant: scheduling a key again moves that timer (re-schedule). */
  key: string;
  dueAt: Date;
  /** The job enqueued when the timer fires, with `payload`. */
  job: string;
  payload?: unknown;
  /** The id the job gets when it fires (default: a new one). */
  jobId?: string;
  /** Schedule inside this transaction: the timer exists iff it commits. */
  tx?: pg.PoolClient;
}

/** What a sweep did. */
export interface SweepResult {
  fired: number;
  /** The tenants (null for the system) whose timers fired. */
  tenants: Set<string | null>;
}
