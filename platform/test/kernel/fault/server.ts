import { readConfig } from '../../../src/config/config.ts';
import { startServer } from '../../../src/server/start.ts';
import { definePlugin } from '../../../src/plugins/index.ts';

/**
 * The server of the fault test, in a process of its own so the test can `kill -9` it. It runs a
 * subscriber and a job that each record their effect, keyed by event / job id, in the transaction
 * they are given (tables made by the test), slowly enough to be caught in the middle.
 */
const { DATABASE_URL, FAULT_SCHEMA, FAULT_TENANT, FAULT_SUBSCRIBER, FAULT_JOB } = process.env as Record<string, string>;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await startServer({ ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), port: 0, databaseUrl: DATABASE_URL }, {
  demoTenant: false,
  // A plugin, as an app would bring them: its job is `fault-test/<FAULT_JOB>`, its subscriber `fault-test:<FAULT_SUBSCRIBER>`.
  plugins: [definePlugin({
    name: 'fault-test',
    version: '1.0.0',
    subscribers: [{
      name: FAULT_SUBSCRIBER,
      objects: ['deal'],
      tenants: (id) => id === FAULT_TENANT,
      batchSize: 250,
      async handle(events, tx) {
        const mine = events.filter((e) => e.tenantId === FAULT_TENANT);
        if (!mine.length) return;
        await tx.query(`insert into "${FAULT_SCHEMA}".fault_events (event_id, record_id) select unnest($1::bigint[]), unnest($2::uuid[])`, [mine.map((e) => e.id), mine.map((e) => e.recordId)]);
        await pause(150);
      },
    }],
    jobs: [{
      name: FAULT_JOB,
      options: { backoff: { delaySeconds: 1, exponential: false } },
      async run(payload: { n: number }, ctx) {
        await ctx.tx.query(`insert into "${FAULT_SCHEMA}".fault_jobs (job_id, n) values ($1, $2)`, [ctx.id, payload.n]);
        await pause(30);
      },
    }],
  })],
});
console.log(`PORT=${server.port}`);
