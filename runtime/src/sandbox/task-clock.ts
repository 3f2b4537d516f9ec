/**
 * How much CPU time a script's task uses, in a sandbox process (isolate.ts), and how much CPU the
 * process gets: the measures behind the CPU limit.
 */
/**
 * Wall time per CPU time of recent tasks (≥ 1): how much of a CPU the process gets (it runs at a
 * lower priority than the server, on a machine that may be busy). isolated-vm's timeouts are wall
 * time; scaled by it, they stop a script near its CPU limit on an idle machine and on a busy one.
 */
let slowdown = 1;

/** The current estimate. */
export function processSlowdown(): number {
  return slowdown;
}
const MAX_SLOWDOWN = 20;

export function noteSlowdown(wallMs: number, cpuMs: number, starved = false): void {
  if (cpuMs < 0.2) return;
  const ratio = Math.min(MAX_SLOWDOWN, Math.max(1, wallMs / cpuMs));
  // A task stopped for want of CPU: believed at once (its retry needs the longer timeout).
  slowdown = starved ? Math.max(slowdown, ratio) : 0.7 * slowdown + 0.3 * ratio;
}

/**
 * CPU time (ns) of the threads a task may run on: the process's own thread for a synchronous task,
 * the others (isolated-vm's) for the rest, so that the process's own work (messages, other calls)
 * is not charged to a script. isolated-vm's own cpuTime cannot serve: it counts a running task's
 * wall time, which on a busy machine is many times its CPU time.
 */
function threadsCpu(sync: boolean): number {
  const own = process.threadCpuUsage();
  if (sync) return (own.user + own.system) * 1000;
  const all = process.cpuUsage();
  return (all.user + all.system - own.user - own.system) * 1000;
}

/** Tasks running off the process's thread now: the CPU time of those threads is shared among them. */
let offThread = 0;

/**
 * The CPU time a running task is charged (ns), sampled (by the watchdog, and when it ends): each
 * interval's CPU time of its threads, shared among the tasks running beside it, never more than the
 * interval's wall time.
 */
export class TaskClock {
  started = 0;
  charged = 0;
  private sync = false;
  private wall = 0;
  private cpu = 0;

  start(sync: boolean): void {
    this.sync = sync;
    if (!sync) offThread++;
    this.restart();
  }

  /** From now on (loading a script is not the handler's CPU time). */
  restart(): void {
    this.started = this.wall = performance.now();
    this.cpu = threadsCpu(this.sync);
    this.charged = 0;
  }

  sample(): number {
    const wall = performance.now();
    const cpu = threadsCpu(this.sync);
    this.charged += Math.min((wall - this.wall) * 1e6, (cpu - this.cpu) / (this.sync ? 1 : Math.max(1, offThread)));
    this.wall = wall;
    this.cpu = cpu;
    return this.charged;
  }

  stop(): number {
    const charged = this.sample();
    if (!this.sync) offThread--;
    return charged;
  }
}
