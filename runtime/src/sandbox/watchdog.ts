/**
 * The sandbox process's watchdog: one timer, every 5 ms while there is anything to watch. It has
 * each sandbox with pending invocations check their limits (isolate.ts: CPU time while a task runs
 * off the process's thread, wall time), and follows disposed isolates whose task has not come back
 * (V8 could not stop it): first a suspect, then wedged, both told to the server.
 */
export interface WatchedSandbox {
  readonly tenant: string;
  /** A task is running in the isolate (or, disposed, has not come back). */
  readonly busy: boolean;
  /** Checks its pending invocations' limits; false when none is pending any more. */
  checkLimits(now: number): boolean;
  /** Starts the tasks it held while a disposed isolate's task had not come back. */
  resume(): void;
}

/** A disposed isolate's task that has not come back after this long is a suspect; after WEDGED_MS, wedged (ms). */
const SUSPECT_MS = 50;
const WEDGED_MS = 500;

/**
 * What the process tells the server outside any call: a disposed isolate's task has not come back
 * (suspect: if the process dies now, this tenant's script is why), and still has not (wedged).
 */
export const processEvents: { suspect(tenant: string): void; wedged(tenant: string): void } = { suspect() {}, wedged() {} };

const watched = new Set<WatchedSandbox>();
const disposing = new Map<WatchedSandbox, { since: number; told: 0 | 1 | 2 }>();
/**
 * Sandboxes with tasks waiting for a disposed isolate's task to stop: meanwhile no task starts (a
 * task V8 cannot stop burns CPU that would be charged to whatever ran beside it); if it never
 * stops, the server replaces the process and the waiting calls, not begun, are sent again.
 */
const held = new Set<WatchedSandbox>();
let timer: NodeJS.Timeout | undefined;
let lastBusy = 0;

/** Watches a sandbox's pending invocations until none is left. */
export function watch(sb: WatchedSandbox): void {
  watched.add(sb);
  timer ??= setInterval(check, 5);
}

/** Follows a disposed isolate whose task (off the process's thread) has not come back yet. */
export function watchDisposing(sb: WatchedSandbox): void {
  disposing.set(sb, { since: performance.now(), told: 0 });
  timer ??= setInterval(check, 5);
}

/** True (and the sandbox is resumed later) while a disposed isolate's task has not come back. */
export function holdWhileDisposing(sb: WatchedSandbox): boolean {
  if (disposing.size === 0) return false;
  held.add(sb);
  timer ??= setInterval(check, 5);
  return true;
}

function check(): void {
  const now = performance.now();
  for (const sb of watched) if (!sb.checkLimits(now)) watched.delete(sb);
  for (const [sb, d] of disposing) {
    if (!sb.busy) disposing.delete(sb);
    else if (d.told === 0 && now - d.since > SUSPECT_MS) { d.told = 1; processEvents.suspect(sb.tenant); }
    else if (d.told === 1 && now - d.since > WEDGED_MS) { d.told = 2; processEvents.wedged(sb.tenant); }
  }
  if (disposing.size === 0 && held.size > 0) {
    const waiting = [...held];
    held.clear();
    for (const sb of waiting) sb.resume();
  }
  // Stopped once nothing has been pending for a while (not after every call: calls come in bursts).
  if (watched.size > 0 || disposing.size > 0 || held.size > 0) lastBusy = now;
  else if (now - lastBusy > 200 && timer) { clearInterval(timer); timer = undefined; }
}
