import { definePlugin, type Plugin } from '../../../src/plugins/index.ts';

/**
 * What the worker test's processes know: a job and a subscriber that record which process ran
 * them (WORKER_ROLE), in the transaction they are given. Loaded by `npm run worker` through
 * TESSERA_PLUGINS, and installed in the test's own server too. Its job is `worker-test/<WORKER_JOB>`.
 */
export function createPlugin(): Plugin {
  const { WORKER_JOB, WORKER_SUBSCRIBER, WORKER_SCHEMA, WORKER_TENANT } = process.env as Record<string, string>;
  const role = () => process.env.WORKER_ROLE;
  return definePlugin({
    name: 'worker-test',
    version: '1.0.0',
    jobs: [{
      name: WORKER_JOB,
      async run(payload: { what: string }, ctx) {
        await ctx.tx.query(`insert into "${WORKER_SCHEMA}".worker_effects (what, role) values ($1, $2)`, [payload.what, role()]);
      },
    }],
    subscribers: [{
      name: WORKER_SUBSCRIBER,
      tenants: (id) => id === WORKER_TENANT,
      async handle(events, tx) {
        for (const e of events.filter((x) => x.tenantId === WORKER_TENANT)) await tx.query(`insert into "${WORKER_SCHEMA}".worker_effects (what, role) values ($1, $2)`, [`event ${e.kind} ${e.recordId}`, role()]);
      },
    }],
  });
}
