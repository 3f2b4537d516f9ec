import pg from 'pg';
import { graphileWorker, pgBoss } from './queues.ts';

/**
 * A worker process for the crash measurement of `compare.ts`: works the `crash` task (each job
 * writes its effect in its transaction, then holds it for `HOLD_MS`) and prints `DONE <n>` as jobs
 * finish, until the parent kills it with SIGKILL.
 */
const [lib, url] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 4 });
const queue = lib === 'pg-boss' ? await pgBoss(url) : await graphileWorker(url, pool);
let done = 0;
await queue.work('crash', {
  effect: true,
  concurrency: 4,
  async onJob() {
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.HOLD_MS ?? 50)));
    console.log(`DONE ${++done}`);
  },
});
console.log('READY');
