import type { Clock } from '../clock/index.ts';
import type { EventBus } from '../events/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { Timers } from '../timers/index.ts';

/** The services the work after commit runs on (what platform.ts composes for it, not the whole platform). */
export interface BackgroundServices {
  clock: Clock;
  events: EventBus;
  jobs: JobQueue;
  timers: Timers;
}
