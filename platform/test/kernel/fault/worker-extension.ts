import type { PlatformExtension } from '../../../src/platform.ts';

/**
 * What the worker test's processes know: a job and a subscriber that record which process ran
 * them (WORKER_ROLE), in the transaction they are given. Loaded by `npm run worker` through
 * TESSERA_EXTENSIONS, and installed in the test's own server too.
 */
export const extension: PlatformExtension = {
  name: 'worker-test',
  install(platform) {
    const { WORKER_JOB, WORKER_SUBSCRIBER, WORKER_SCHEMA, WORKER_TENANT, WORKER_ROLE } = process.env as Record<string, string>;
    platform.jobs.define<{ what: string }>(WORKER_JOB, async (payload, ctx) => {
      await ctx.tx.query(`insert into "${WORKER_SCHEMA}".worker_effects (what, role) values ($1, $2)`, [payload.what, WORKER_ROLE]);
    });
    platform.events.subscribe({
      name: WORKER_SUBSCRIBER,
      tenants: (id) => id === WORKER_TENANT,
      async handle(events, tx) {
        for (const e of events.filter((x) => x.tenantId === WORKER_TENANT)) await tx.query(`insert into "${WORKER_SCHEMA}".worker_effects (what, role) values ($1, $2)`, [`event ${e.kind} ${e.recordId}`, WORKER_ROLE]);
      },
    });
  },
};
