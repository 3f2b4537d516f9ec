import type { Logger } from 'pino';
import { CLOCK_CHANNEL, isManualClock } from '../clock/index.ts';
import { EVENTS_CHANNEL, listen } from '../events/index.ts';
import type { BackgroundServices } from './services.ts';

export interface BackgroundOptions {
  databaseUrl: string;
  /** Run jobs, the timer sweep and event delivery here (false: a `npm run worker` process does). */
  work: boolean;
  logger?: Logger;
}

/**
 * The platform's work after commit, in this process: event delivery (woken by NOTIFY, with a slow
 * poll behind it), the job workers and the timer sweep. Every process listens, whether it works
 * or not, for a manual clock moved elsewhere (TESSERA_TEST_CLOCK=1).
 */
export async function runBackground(platform: BackgroundServices, options: BackgroundOptions): Promise<{ close(): Promise<void> }> {
  const { clock, events, jobs, timers } = platform;
  const listener = listen(options.databaseUrl, {
    [EVENTS_CHANNEL]: (tenantId) => events.wake(tenantId),
    [CLOCK_CHANNEL]: (at) => {
      const time = new Date(at);
      if (isManualClock(clock) && !Number.isNaN(time.getTime())) clock.set(time);
    },
  }, () => void events.scan(), options.logger);
  if (options.work) {
    events.start();
    await jobs.start();
    // A manual clock moves only by advanceClock/setClock, and the process that moves it sweeps
    // (and counts what fired): no periodic sweep racing it.
    if (!isManualClock(clock)) timers.start();
  }
  return {
    async close() {
      await listener.close();
      await timers.stop();
      await events.stop();
      await jobs.stop();
    },
  };
}
