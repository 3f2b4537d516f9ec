import type { Rate } from './definition.ts';

const PERIOD_MS = { minute: 60_000, hour: 3_600_000 } as const;

/**
 * Fixed-window counters of posts, per process: a form's visitors are people, so a window per client
 * address and one per form hold a bot off without a statement per post. Keys of past windows are
 * dropped as the map grows. Time is the platform clock's (the test clock moves it).
 */
export class RateWindows {
  private readonly counts = new Map<string, { window: number; n: number }>();
  private readonly maxKeys: number;
  constructor(maxKeys = 50_000) { this.maxKeys = maxKeys; }

  /** Counts one post against `rate` under `key`; false when the window is full already. */
  take(key: string, rate: Rate, now: Date): boolean {
    const window = Math.floor(now.getTime() / PERIOD_MS[rate.per]);
    const full = `${rate.per}:${key}`;
    const entry = this.counts.get(full);
    if (entry && entry.window === window) {
      if (entry.n >= rate.count) return false;
      entry.n += 1;
      return true;
    }
    if (this.counts.size >= this.maxKeys) this.prune(now);
    this.counts.set(full, { window, n: 1 });
    return true;
  }

  /** Seconds until the window of `rate` ends (the Retry-After of a refusal). */
  static retryAfter(rate: Rate, now: Date): number {
    const ms = PERIOD_MS[rate.per];
    return Math.max(1, Math.ceil((ms - (now.getTime() % ms)) / 1000));
  }

  private prune(now: Date): void {
    for (const [key, entry] of this.counts) {
      const per = key.startsWith('hour:') ? 'hour' : 'minute';
      if (entry.window !== Math.floor(now.getTime() / PERIOD_MS[per])) this.counts.delete(key);
    }
    // Still full of live windows (a flood of addresses): forget the oldest half rather than grow.
    if (this.counts.size >= this.maxKeys) [...this.counts.keys()].slice(0, this.maxKeys / 2).forEach((k) => this.counts.delete(k));
  }
}
