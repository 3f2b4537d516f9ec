import { Logger, run, makeWorkerUtils, type Runner } from 'graphile-worker';
import { PgBoss } from 'pg-boss';
import pg from 'pg';

/**
 * The two job queues compared by `bench/jobs/compare.ts`, behind one small interface: enqueue in
 * bulk, run a worker whose handler gets each job (and, for the "effect" variant, commits a row in
 * the same transaction as the job's completion where the queue allows it).
 */
export interface QueueUnderTest {
  name: string;
  /** Adds `n` jobs of `task` (payload `{i}`), not timed. */
  enqueue(task: string, n: number, payload?: (i: number) => object): Promise<void>;
  /** Adds one job; resolves when the queue has it. */
  enqueueOne(task: string, payload: object): Promise<void>;
  /** Starts a worker for `task`. `effect`: the handler writes a row keyed by job id, committed with the completion where supported. */
  work(task: string, options: WorkOptions): Promise<{ stop(): Promise<void> }>;
  close(): Promise<void>;
}

export interface WorkOptions {
  onJob(payload: any, id: string): void | Promise<void>;
  effect?: boolean;
  concurrency?: number;
}

export async function effectsTable(pool: pg.Pool): Promise<void> {
  // No key on the effects: a job whose effect commits twice shows up as a duplicate row.
  await pool.query('create table if not exists bench_effects (job_id text not null, at timestamptz default clock_timestamp())');
  await pool.query('create table if not exists bench_done (job_id text primary key)');
  await pool.query('truncate bench_effects, bench_done');
}

const quiet = new Logger(() => () => {});

/** graphile-worker 0.18: LISTEN/NOTIFY, local queue of 100, batched completions. */
export async function graphileWorker(url: string, pool: pg.Pool): Promise<QueueUnderTest> {
  const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
  await utils.migrate();
  return {
    name: 'graphile-worker 0.18.0',
    async enqueue(task, n, payload = (i) => ({ i })) {
      for (let from = 0; from < n; from += 5000) {
        const specs = Array.from({ length: Math.min(5000, n - from) }, (_, k) => ({ identifier: task, payload: payload(from + k) }));
        await pool.query('select graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, $1::json)))', [JSON.stringify(specs)]);
      }
    },
    async enqueueOne(task, payload) {
      await pool.query('select graphile_worker.add_job($1, $2::json)', [task, JSON.stringify(payload)]);
    },
    async work(task, options) {
      // Without transactional completion, the effect and its idempotence record commit in a
      // transaction of their own; the job's completion follows in another statement.
      const runner: Runner = await run({
        connectionString: url,
        concurrency: options.concurrency ?? 10,
        noHandleSignals: true,
        pollInterval: 1000,
        logger: quiet,
        preset: { worker: { localQueue: { size: 100 }, completeJobBatchDelay: 0, maxPoolSize: (options.concurrency ?? 10) + 2 } },
        taskList: {
          [task]: async (payload, helpers) => {
            const id = String(helpers.job.id);
            if (options.effect) {
              await helpers.withPgClient(async (client) => {
                await client.query('begin');
                try {
                  // The idempotence record: a re-run after a crash between this commit and the
                  // job's completion finds it and does nothing.
                  const fresh = await client.query('insert into bench_done (job_id) values ($1) on conflict do nothing returning 1', [id]);
                  if (fresh.rowCount) {
                    await client.query('insert into bench_effects (job_id) values ($1)', [id]);
                    await options.onJob(payload, id);
                  }
                  await client.query('commit');
                } catch (error) {
                  await client.query('rollback');
                  throw error;
                }
              });
            } else await options.onJob(payload, id);
          },
        },
      });
      return { stop: () => runner.stop() };
    },
    async close() {
      await utils.release();
    },
  };
}

/** pg-boss 12.38: queues with `notify`, batched fetches, `transactional` workers for the effect variant. */
export async function pgBoss(url: string): Promise<QueueUnderTest> {
  const boss = new PgBoss({ connectionString: url, max: 14, useListenNotify: true, superviseIntervalSeconds: 2, monitorIntervalSeconds: 2, schedule: false, registerInstance: false, openTelemetry: { enabled: false } });
  boss.on('error', () => {});
  boss.on('warning', () => {});
  await boss.start();
  const made = new Set<string>();
  // Every queue with a heartbeat (pg-boss's minimum, 10 s): a job whose worker died is retried
  // once its heartbeat is that stale, instead of after expireInSeconds (15 min).
  const queue = async (task: string) => {
    if (made.has(task)) return;
    await boss.createQueue(task, { notify: true, retryLimit: 3, heartbeatSeconds: 10 });
    made.add(task);
  };
  return {
    name: 'pg-boss 12.38.1',
    async enqueue(task, n, payload = (i) => ({ i })) {
      await queue(task);
      for (let from = 0; from < n; from += 5000) await boss.insert(task, Array.from({ length: Math.min(5000, n - from) }, (_, k) => ({ data: payload(from + k) })));
    },
    async enqueueOne(task, payload) {
      await queue(task);
      await boss.send(task, payload);
    },
    async work(task, options) {
      await queue(task);
      const batchSize = options.effect ? 20 : 100;
      const common = { batchSize, localConcurrency: options.concurrency ?? 4, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true } as const;
      const id = options.effect
        ? await boss.work(task, { ...common, transactional: true }, async (jobs, tx) => {
          // The effects and the completion of the batch commit together (one transaction).
          await tx.executeSql('insert into bench_effects (job_id) select unnest($1::text[])', [jobs.map((j) => j.id)]);
          for (const job of jobs) await options.onJob(job.data, job.id);
        })
        : await boss.work(task, common, async (jobs) => {
          for (const job of jobs) await options.onJob(job.data, job.id);
        });
      return { stop: () => boss.offWork(task, { id, wait: true }) };
    },
    async close() {
      await boss.stop({ graceful: false, timeout: 1000 });
    },
  };
}
