/**
 * The one source of "now" for everything time-based: event timestamps, timers, jobs' run times,
 * deadlines. Code that needs the time takes a Clock rather than calling `Date.now()`, so a test
 * clock can move the whole platform through days in milliseconds, deterministically.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that moves only when told (`TESSERA_TEST_CLOCK=1`). It starts at the machine's time;
 * `set` may move it backwards (a test replaying a day), `advance` only forwards.
 */
export class ManualClock implements Clock {
  private at: number;

  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date): void {
    this.at = at.getTime();
  }

  /** Moves forwards to `at` (never backwards: `set` is the way back). */
  advanceTo(at: Date): void {
    if (at.getTime() < this.at) throw new RangeError('A manual clock advances forwards only');
    this.at = at.getTime();
  }
}

export function isManualClock(clock: Clock): clock is ManualClock {
  return clock instanceof ManualClock;
}

/** The NOTIFY channel on which a process that moved a manual clock tells the others (payload: ISO time). */
export const CLOCK_CHANNEL = 'tessera_clock';
