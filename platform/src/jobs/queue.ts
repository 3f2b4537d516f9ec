import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { PgBoss, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.ts';
import { PlatformError } from '../errors/index.ts';
import { ClientDb, type ClientTransaction } from './boss-db.ts';
import { failOrphans } from './orphans.ts';
import type { EnqueueOptions, JobContext, JobHandler, JobOptions, JobRun, JobState } from './types.ts';

/** The schema pg-boss keeps its tables in. */
export const JOBS_SCHEMA = 'pgboss';
/** A job's payload as stored: its tenant and the caller's payload. */
interface Stored { t: string | null; p: unknown }
interface Definition { handler: JobHandler<any>; options: Required<Pick<JobOptions, 'maxAttempts' | 'timeoutSeconds'>> & JobOptions; concurrency: number }

const NAME = /^[\w.\-/]{1,100}$/;

export interface JobQueueOptions {
  databaseUrl: string;
  clock: Clock;
  logger?: Logger;
  /** How a job whose runAt is later than now is kept until then (a timer: timers/). */
  deferUntil?(args: { tenantId: string | null; name: string; payload: unknown; jobId: string; key: string; runAt: Date; tx?: pg.PoolClient }): Promise<void>;
  /** Connections of pg-boss's pool (default 10: a transactional worker holds one per batch in hand). */
  poolSize?: number;
}

/**
 * Durable jobs on PostgreSQL, run by pg-boss (docs/architecture.md, Jobs: why pg-boss). Every job
 * runs in a transaction that also records its completion (pg-boss's transactional workers): its
 * handler's database work through `ctx.tx` commits with the completion or not at all. Jobs of a
 * batch each run in a savepoint, so one failing job is retried alone.
 */
export class JobQueue {
  private readonly definitions = new Map<string, Definition>();
  private readonly queues = new Set<string>();
  private readonly workers = new Map<string, string>();
  private boss?: Promise<PgBoss>;
  private working = false;
  private sweeper?: NodeJS.Timeout;

  private readonly options: JobQueueOptions;

  constructor(options: JobQueueOptions) {
    this.options = options;
  }

  /** Declares a job: its handler, attempts and backoff. Defined in every process (server and workers) that may run or enqueue it. */
  define<P>(name: string, handler: JobHandler<P>, options: JobOptions & { concurrency?: number } = {}): void {
    if (!NAME.test(name)) throw new PlatformError('BAD_USER_INPUT', `A job's name is 1-100 letters, digits and _ . - /; got "${name}"`);
    if (this.definitions.has(name)) throw new PlatformError('CONFLICT', `A job named "${name}" is already defined`);
    this.definitions.set(name, { handler, options: { maxAttempts: 5, timeoutSeconds: 300, ...options }, concurrency: options.concurrency ?? 2 });
    this.queues.delete(name);
    if (this.working) void this.work(name).catch((err) => this.options.logger?.error({ err, job: name }, 'could not start a job worker'));
  }

  /** Takes a job's definition out (its plugin was uninstalled): this process stops working it; jobs already queued wait. */
  async undefine(name: string): Promise<void> {
    this.definitions.delete(name);
    const worker = this.workers.get(name);
    this.workers.delete(name);
    if (worker && this.boss) await (await this.boss).offWork(name);
  }

  get names(): string[] {
    return [...this.definitions.keys()];
  }

  /**
   * Enqueues a job; returns its id. With `tx`, inside that transaction. With `key`, its id is
   * derived from (tenant, name, key), so the same key enqueued twice is one job. With a `runAt`
   * later than the clock's now, a timer enqueues it when due.
   */
  async enqueue<P>(name: string, payload: P, options: EnqueueOptions = {}): Promise<string> {
    const tenantId = options.tenantId ?? null;
    const id = options.key === undefined ? randomUUID() : keyedId(tenantId, name, options.key);
    if (options.runAt && options.runAt.getTime() > this.options.clock.now().getTime()) {
      if (!this.options.deferUntil) throw new PlatformError('BAD_USER_INPUT', 'Jobs with a later runAt need timers');
      await this.options.deferUntil({ tenantId, name, payload, jobId: id, key: `job:${name}:${options.key ?? id}`, runAt: options.runAt, tx: options.tx });
      return id;
    }
    await this.insert([{ name, id, tenantId, payload }], options.tx);
    return id;
  }

  /** Inserts jobs (any names) in one statement per name, in `tx` when given: what fired timers become. */
  async insert(jobs: { name: string; id: string; tenantId: string | null; payload: unknown }[], tx?: pg.PoolClient): Promise<void> {
    const boss = await this.started();
    const byName = new Map<string, typeof jobs>();
    for (const job of jobs) byName.set(job.name, [...(byName.get(job.name) ?? []), job]);
    for (const [name, list] of byName) {
      await this.ensureQueue(boss, name);
      await boss.insert(name, list.map((j) => ({ id: j.id, data: { t: j.tenantId, p: j.payload } satisfies Stored })), tx ? { db: { executeSql: (text, values) => tx.query(text, values as unknown[]) } } : undefined);
    }
  }

  /** Makes this process run jobs: a worker per defined job, and the sweep that gives jobs of dead processes back. */
  async start(): Promise<void> {
    if (this.working) return;
    this.working = true;
    await this.started();
    for (const name of this.definitions.keys()) await this.work(name);
    const sweep = () => {
      this.sweeper = setTimeout(() => void this.sweepOrphans().finally(() => { if (this.working) sweep(); }), 2000);
      this.sweeper.unref();
    };
    await this.sweepOrphans();
    sweep();
  }

  async stop(): Promise<void> {
    this.working = false;
    if (this.sweeper) clearTimeout(this.sweeper);
    const boss = this.boss;
    this.boss = undefined;
    if (boss) await (await boss).stop({ graceful: true, timeout: 5000, close: true });
  }

  /** Whether no job of this process's definitions is running or ready to run (jobs waiting for a retry's delay do not count). */
  async isIdle(): Promise<boolean> {
    const boss = await this.started();
    const { rows } = await boss.getDb().executeSql(
      `select not exists (select 1 from ${JOBS_SCHEMA}.job where name = any($1::text[]) and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))) as idle`, [this.names]);
    return rows[0].idle;
  }

  /** A tenant's jobs, newest first: what ran, when, how many attempts, the last error. */
  async history(tenantId: string, options: { first?: number; state?: JobState } = {}): Promise<JobRun[]> {
    const boss = await this.started();
    const { rows } = await boss.getDb().executeSql(
      `select id, name, state, retry_count, created_on, start_after, started_on, completed_on, output from ${JOBS_SCHEMA}.job
       where (data->>'t') = $1 and ($2::text is null or state::text = $2) order by created_on desc, id desc limit $3`,
      [tenantId, options.state ?? null, Math.min(Math.max(options.first ?? 50, 1), 500)]);
    return rows.map((r) => ({
      id: r.id, name: r.name, state: r.state, attempts: r.started_on ? r.retry_count + 1 : r.retry_count,
      createdAt: r.created_on, runAt: r.start_after, startedAt: r.started_on, finishedAt: r.completed_on,
      lastError: r.state === 'completed' ? null : (r.output?.message ?? null),
    }));
  }

  /** pg-boss, started on first use (a process that only enqueues never supervises); a failed start is tried again next time. */
  private started(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const db = new ClientDb({ connectionString: this.options.databaseUrl, max: this.options.poolSize ?? 10, application_name: 'tessera-jobs' });
      const boss = new PgBoss({
        db, schema: JOBS_SCHEMA, useListenNotify: true, schedule: false, registerInstance: false, openTelemetry: { enabled: false },
        // Maintenance (expiring overdue jobs, deleting old ones) only where jobs run; a dead
        // process's jobs are given back sooner by the orphan sweep (orphans.ts).
        supervise: this.working, superviseIntervalSeconds: 30, monitorIntervalSeconds: 30,
      });
      boss.on('error', (err) => this.options.logger?.warn({ err }, 'job queue error'));
      boss.on('warning', (warning) => this.options.logger?.debug({ warning }, 'job queue warning'));
      await boss.start();
      // The history reads a tenant's jobs by the tenant in their payload. (Locked: two processes
      // starting together would both try to create it.)
      await db.withTransaction(async (tx) => {
        await tx.executeSql(`select pg_advisory_xact_lock(hashtext('tessera_job_tenant'))`);
        await tx.executeSql(`create index if not exists tessera_job_tenant on ${JOBS_SCHEMA}.job ((data->>'t'), created_on desc)`);
      }).catch((err: unknown) => this.options.logger?.warn({ err }, 'could not index jobs by tenant (the history reads slower)'));
      return boss;
    })();
    const starting = this.boss;
    starting.catch(() => { if (this.boss === starting) this.boss = undefined; });
    return starting;
  }

  private async ensureQueue(boss: PgBoss, name: string): Promise<void> {
    if (this.queues.has(name)) return;
    const definition = this.definitions.get(name);
    const o = definition?.options;
    const queue = {
      notify: true,
      ...(o ? {
        retryLimit: o.maxAttempts - 1, retryDelay: o.backoff?.delaySeconds ?? 1, retryBackoff: o.backoff?.exponential ?? true,
        ...(o.backoff?.maxDelaySeconds ? { retryDelayMax: o.backoff.maxDelaySeconds } : {}), expireInSeconds: o.timeoutSeconds,
      } : {}),
    };
    await boss.createQueue(name, queue);
    if (o) await boss.updateQueue(name, queue);
    this.queues.add(name);
  }

  private async work(name: string): Promise<void> {
    if (this.workers.has(name)) return;
    const boss = await this.started();
    await this.ensureQueue(boss, name);
    const definition = this.definitions.get(name)!;
    // New jobs wake workers by NOTIFY; a retry coming due does not, so polls stay short (2 s).
    const options = {
      transactional: true, batchSize: 25, localConcurrency: definition.concurrency,
      pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2, burstWhenBatchFull: true,
    } as const;
    const id = await boss.work(name, options, (jobs: Job<Stored>[], tx) => this.runBatch(boss, name, definition, jobs, tx as ClientTransaction));
    this.workers.set(name, id);
  }

  /**
   * One claimed batch, in the transaction pg-boss commits with the batch's completion. The jobs'
   * rows are locked first: that says "a live process holds these" to the orphan sweep, and a job
   * no longer active under this claim (given back by the sweep) is not run.
   */
  private async runBatch(boss: PgBoss, name: string, definition: Definition, jobs: Job<Stored>[], tx: ClientTransaction): Promise<void> {
    const db = tx.client;
    const { rows } = await db.query(
      `select id, retry_limit from ${JOBS_SCHEMA}.job where name = $1 and state = 'active' and (id, retry_count) in (select * from unnest($2::uuid[], $3::int[])) for update`,
      [name, jobs.map((j) => j.id), jobs.map((j) => j.retryCount)]);
    // The retry limit is the job's own (set by whoever enqueued it), not this process's definition.
    const held = new Map(rows.map((r) => [r.id as string, Number(r.retry_limit)]));
    const single = jobs.length === 1;
    for (const job of jobs) {
      if (!held.has(job.id)) continue;
      const lastAttempt = job.retryCount >= held.get(job.id)!;
      const context = (tx: pg.PoolClient): JobContext => ({ id: job.id, name, attempt: job.retryCount + 1, lastAttempt, tenantId: job.data.t, tx, clock: this.options.clock, signal: job.signal });
      const ctx = context(db);
      if (single) {
        // Alone in its batch: a throw fails it through pg-boss (rollback, then retry or fail).
        await definition.handler(job.data.p, ctx).catch((error: unknown) => {
          this.options.logger?.warn({ err: error, job: name, id: job.id, attempt: ctx.attempt }, 'job failed');
          throw error;
        });
        continue;
      }
      const own = savepointed(db);
      try {
        await definition.handler(job.data.p, context(own.tx));
        if (own.opened()) await db.query('release savepoint job');
      } catch (error) {
        if (own.opened()) await db.query('rollback to savepoint job');
        this.options.logger?.warn({ err: error, job: name, id: job.id, attempt: ctx.attempt }, 'job failed');
        await boss.fail(name, { id: job.id, retryCount: job.retryCount }, { message: error instanceof Error ? error.message : String(error) }, { db: tx });
      }
    }
  }

  private async sweepOrphans(): Promise<void> {
    if (!this.working || !this.names.length) return;
    try {
      const boss = await this.started();
      await failOrphans(boss, this.names);
    } catch (err) {
      this.options.logger?.warn({ err }, 'the sweep of lost jobs failed');
    }
  }
}

/** A uuid from (tenant, name, key): the same key is the same job. */
function keyedId(tenantId: string | null, name: string, key: string): string {
  const hex = createHash('sha256').update(`${tenantId ?? ''}\u0000${name}\u0000${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The transaction as one job of a batch sees it: its first statement opens the job's savepoint
 * (what a failure rolls back to), so a job that never touches the database pays nothing for it.
 */
function savepointed(db: pg.PoolClient): { tx: pg.PoolClient; opened(): boolean } {
  let open = false;
  const query = (...args: unknown[]): unknown => {
    const run = () => (db.query as (...a: unknown[]) => unknown)(...args);
    if (open) return run();
    open = true;
    return db.query('savepoint job').then(run);
  };
  const tx = new Proxy(db, {
    get(target, key) {
      if (key === 'query') return query;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { tx, opened: () => open };
}
