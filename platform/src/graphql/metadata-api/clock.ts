import { settle } from '../../background/index.ts';
import { addDuration, CLOCK_CHANNEL, isManualClock, parseDuration, type ManualClock } from '../../clock/index.ts';
import { PlatformError } from '../../errors/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { requireAdmin } from './capabilities.ts';

interface ClockMove { now: string; timersFired: number }

const ClockRef = builder.objectRef<{ now: string }>('Clock').implement({
  description: 'The platform\'s clock: what timers, jobs\' run times, deadlines and event timestamps read.',
  fields: (t) => ({ now: t.field({ type: 'DateTime', resolve: (c) => c.now }) }),
});

const ClockMoveRef = builder.objectRef<ClockMove>('ClockMove').implement({
  description: 'The clock after a move, once every timer that came due and the jobs and events they caused have finished.',
  fields: (t) => ({
    now: t.field({ type: 'DateTime', resolve: (m) => m.now }),
    timersFired: t.int({ resolve: (m) => m.timersFired }),
  }),
});

/** The manual clock, for an administrator; FORBIDDEN otherwise or when the clock is the system's. */
function testClock(ctx: MetadataContext): ManualClock {
  requireAdmin(ctx, 'move the clock');
  const clock = ctx.platform.clock;
  if (!isManualClock(clock)) throw new PlatformError('FORBIDDEN', 'The clock can be moved only on a server started with TESSERA_TEST_CLOCK=1');
  return clock;
}

// One move at a time in a process: each returns only when its own consequences have settled.
let moving: Promise<unknown> = Promise.resolve();

async function move(ctx: MetadataContext, clock: ManualClock, apply: () => void): Promise<ClockMove> {
  const run = moving.catch(() => {}).then(async () => {
    apply();
    const now = clock.now();
    // Other processes (workers, other servers) follow; this one sweeps and waits.
    await ctx.platform.pool.query('select pg_notify($1, $2)', [CLOCK_CHANNEL, now.toISOString()]);
    const timersFired = await settle(ctx.platform, [ctx.principal.tenantId]);
    return { now: now.toISOString(), timersFired };
  });
  moving = run;
  return run;
}

builder.queryFields((t) => ({
  clock: t.field({
    type: ClockRef,
    resolve: (_r, _a, ctx) => {
      requireAdmin(ctx, 'read the platform clock');
      return { now: ctx.platform.clock.now().toISOString() };
    },
  }),
}));

builder.mutationFields((t) => ({
  advanceClock: t.field({
    type: ClockMoveRef,
    description: 'Moves the test clock forwards by an ISO 8601 duration (PT25H, P15D, P1DT2H30M) and returns once the timers that came due, and the jobs and events they caused, have finished. Only with TESSERA_TEST_CLOCK=1, for administrators.',
    args: { by: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => {
      const clock = testClock(ctx);
      const duration = parseDuration(args.by, '/by');
      const to = addDuration(clock.now(), duration);
      if (to.getTime() <= clock.now().getTime()) throw new PlatformError('BAD_USER_INPUT', 'advanceClock moves the clock forwards: give a positive duration (setClock goes back)', { details: [{ pointer: '/by', message: 'must be a positive duration' }] });
      return move(ctx, clock, () => clock.advanceTo(addDuration(clock.now(), duration)));
    },
  }),
  setClock: t.field({
    type: ClockMoveRef,
    description: 'Sets the test clock to an instant (backwards too), then fires what came due, as advanceClock. Only with TESSERA_TEST_CLOCK=1, for administrators.',
    args: { at: t.arg({ type: 'DateTime', required: true }) },
    resolve: (_r, args, ctx) => {
      const clock = testClock(ctx);
      const at = new Date(args.at);
      return move(ctx, clock, () => clock.set(at));
    },
  }),
}));
