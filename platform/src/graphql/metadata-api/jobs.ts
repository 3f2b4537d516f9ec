import type { JobRun, JobState } from '../../jobs/index.ts';
import { builder } from './builder.ts';
import { requireAdmin } from './capabilities.ts';

const STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const satisfies readonly JobState[];

const JobStateEnum = builder.enumType('JobState', {
  description: 'created: waiting to run; retry: failed, waiting for its next attempt; active: running; completed; cancelled; failed: out of attempts.',
  values: Object.fromEntries(STATES.map((s) => [s.toUpperCase(), { value: s }])) as Record<Uppercase<JobState>, { value: JobState }>,
});

const JobRunRef = builder.objectRef<JobRun>('JobRun').implement({
  description: 'A job of the tenant: what ran, when, how many attempts it took, and its last error.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    state: t.field({ type: JobStateEnum, resolve: (j) => j.state }),
    attempts: t.exposeInt('attempts'),
    createdAt: t.field({ type: 'DateTime', resolve: (j) => j.createdAt.toISOString() }),
    runAt: t.field({ type: 'DateTime', description: 'When it is (or was) due to run: its next attempt\'s time while in retry.', resolve: (j) => j.runAt.toISOString() }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.startedAt?.toISOString() ?? null }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.finishedAt?.toISOString() ?? null }),
    lastError: t.string({ nullable: true, resolve: (j) => j.lastError }),
  }),
});

builder.queryFields((t) => ({
  jobs: t.field({
    type: [JobRunRef],
    description: 'The tenant\'s jobs, newest first (completed ones are kept 7 days). Administrators only.',
    args: { first: t.arg.int({ defaultValue: 50, description: '1 to 500' }), state: t.arg({ type: JobStateEnum }) },
    resolve: (_r, args, ctx) => {
      requireAdmin(ctx, 'read the job history');
      return ctx.platform.jobs.history(ctx.principal.tenantId, { first: args.first ?? 50, state: args.state ?? undefined });
    },
  }),
}));
