import { PlatformError } from '../errors/index.ts';
import type { BackgroundServices } from './services.ts';

/**
 * Fires every timer due by the clock and waits until the work they cause has finished: the jobs
 * (of the names this process defines) and the change events of the tenants concerned (delivered
 * to this process's subscribers), then again for timers that work made due, until a pass finds
 * nothing. Jobs waiting out a retry's delay and subscribers waiting for their retry time count as
 * finished. Gives up with SERVICE_UNAVAILABLE after `timeoutMs`.
 */
export async function settle(platform: Pick<BackgroundServices, 'events' | 'jobs' | 'timers'>, tenantIds: Iterable<string>, timeoutMs = 60_000): Promise<number> {
  const tenants = new Set(tenantIds);
  const deadline = Date.now() + timeoutMs;
  let fired = 0;
  for (;;) {
    const swept = await platform.timers.sweep();
    fired += swept.fired;
    for (const tenant of swept.tenants) if (tenant) tenants.add(tenant);
    const waited = await untilIdle(platform, tenants, deadline);
    if (swept.fired === 0 && !waited) return fired;
  }
}

/** Polls until nothing runs; whether there was anything to wait for. */
async function untilIdle(platform: Pick<BackgroundServices, 'events' | 'jobs'>, tenants: Set<string>, deadline: number): Promise<boolean> {
  const eventsIdle = async () => (await Promise.all([...tenants].map((t) => platform.events.isIdle(t)))).every(Boolean);
  for (let round = 0; ; round++) {
    // Events, jobs, events again: a subscriber that enqueued a job, or a job that wrote records,
    // between two of the checks shows up in the next one.
    if ((await eventsIdle()) && (await platform.jobs.isIdle()) && (await eventsIdle())) return round > 0;
    if (Date.now() > deadline) throw new PlatformError('SERVICE_UNAVAILABLE', 'The work the clock\'s move caused is still running; try again later', { extensions: { retryAfter: 5 } });
    for (const tenant of tenants) platform.events.wake(tenant);
    await new Promise((resolve) => setTimeout(resolve, round < 20 ? 10 : 50));
  }
}
