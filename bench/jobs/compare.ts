import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { startEmbeddedPostgres } from '@tessera/platform';
import { fmt, median, table } from '../harness.ts';
import { effectsTable, graphileWorker, pgBoss, type QueueUnderTest } from './queues.ts';

/**
 * `node bench/jobs/compare.ts`: graphile-worker and pg-boss side by side on this machine, to choose
 * the queue under `platform.jobs` (docs/architecture.md, Jobs). For each: throughput of no-op jobs
 * and of jobs whose effect commits with them, enqueue → start latency of single jobs on an idle
 * worker, and what a `kill -9` of a worker in the middle of jobs leaves behind.
 */
const N = Number(process.env.JOBS_N ?? 20_000);
const LATENCY_RUNS = 100;
const CRASH_JOBS = 400;
const CRASH_WAIT_MS = Number(process.env.CRASH_WAIT_MS ?? 45_000);

let stop = async () => {};
let url = process.env.BENCH_DATABASE_URL;
let dir: string | undefined;
if (!url) {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tessera-jobs-'));
  await fs.chmod(dir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: dir });
  url = db.url;
  stop = () => db.stop();
}
const pool = new pg.Pool({ connectionString: url, max: 4 });
const rows: Record<string, string>[] = [];

async function throughput(queue: QueueUnderTest, task: string, n: number, effect: boolean): Promise<number> {
  await effectsTable(pool);
  await queue.enqueue(task, n);
  let seen = 0;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const worker = await queue.work(task, { effect, onJob: () => { if (++seen === n) finish(); } });
  await all;
  const ms = performance.now() - started;
  await worker.stop();
  return (n / ms) * 1000;
}

async function latency(queue: QueueUnderTest): Promise<number[]> {
  let arrived: (() => void) | undefined;
  const worker = await queue.work('latency', { onJob: () => arrived?.() });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const started = performance.now();
    const got = new Promise<void>((resolve) => (arrived = resolve));
    await queue.enqueueOne('latency', { i });
    await got;
    samples.push(performance.now() - started);
  }
  await worker.stop();
  return samples.sort((a, b) => a - b);
}

/** A worker process killed with SIGKILL half-way through CRASH_JOBS jobs; then a fresh worker here. */
async function crash(queue: QueueUnderTest, lib: string): Promise<string> {
  await effectsTable(pool);
  await queue.enqueue('crash', CRASH_JOBS);
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'crash-child.ts'), lib, url!], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === `DONE ${CRASH_JOBS / 2}`) resolve();
    });
  });
  child.kill('SIGKILL');
  const killedAt = performance.now();
  await new Promise((resolve) => child.once('exit', resolve));
  const worker = await queue.work('crash', { effect: true, concurrency: 4, onJob: () => {} });
  let effects = { total: 0, distinct: 0 };
  while (performance.now() - killedAt < CRASH_WAIT_MS) {
    effects = (await pool.query('select count(*)::int as total, count(distinct job_id)::int as distinct from bench_effects')).rows[0];
    if (effects.distinct === CRASH_JOBS) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const waited = performance.now() - killedAt;
  await worker.stop();
  const duplicates = effects.total - effects.distinct;
  return effects.distinct === CRASH_JOBS
    ? `all ${CRASH_JOBS} done ${fmt(waited)} after the kill; ${duplicates} duplicated effects`
    : `${CRASH_JOBS - effects.distinct} jobs still not run ${(waited / 1000).toFixed(0)} s after the kill; ${duplicates} duplicated effects`;
}

try {
  console.log(`# Job queues on this machine — ${os.cpus().length} cores, node ${process.version}, N = ${N.toLocaleString('en')}\n`);
  for (const [lib, open] of [['graphile-worker', () => graphileWorker(url!, pool)], ['pg-boss', () => pgBoss(url!)]] as const) {
    const queue = await open();
    await throughput(queue, 'warmup', 2_000, false);
    const noop = await throughput(queue, 'noop', N, false);
    const effect = await throughput(queue, 'effect', N / 2, true);
    const lat = await latency(queue);
    const crashed = await crash(queue, lib);
    rows.push({
      queue: queue.name,
      'no-op jobs/s': noop.toFixed(0),
      'jobs/s, effect committed with the job': effect.toFixed(0),
      'enqueue → start, median / p95': `${fmt(median(lat))} / ${fmt(lat[Math.floor(lat.length * 0.95)])}`,
      'kill -9 of a worker mid-batch': crashed,
    });
    await queue.close();
  }
  table(rows);
} finally {
  await pool.end();
  await stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
