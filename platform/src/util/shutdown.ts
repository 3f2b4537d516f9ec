import type { Logger } from 'pino';

/** One step of an orderly shutdown: a name for the warning, and the work. */
export type ShutdownStep = readonly [name: string, run: () => unknown];

export interface ShutdownOptions {
  /** How long a step may take before it is reported and left behind (default 10 s). */
  timeoutMs?: number;
  logger?: Logger;
  /** What the report of a step that did not end cleanly adds (the state of a pool…). */
  detail?(step: string): string;
}

/**
 * Runs shutdown steps in order, each bounded: a step that has not finished after `timeoutMs` is
 * reported (with its name) and left behind, so one stuck resource (a connection that never ends,
 * a job that never returns) cannot keep a process from exiting. A step that fails is reported too.
 * Reports go to the logger and, as a process warning, to stderr (a test's silent logger hides nothing).
 */
export async function shutdownInOrder(steps: readonly ShutdownStep[], options: ShutdownOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const report = (step: string, problem: string, err?: unknown) => {
    const detail = options.detail?.(step) ?? '';
    options.logger?.warn({ step, problem, err }, 'shutdown step did not end cleanly');
    process.emitWarning(`shutdown step "${step}" ${problem}${detail ? ` (${detail})` : ''}${err ? `: ${String(err)}` : ''}`, 'ShutdownWarning');
  };
  for (const [name, run] of steps) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); timer.unref(); });
    try {
      const outcome = await Promise.race([Promise.resolve().then(run).then(() => 'done' as const), timedOut]);
      if (outcome === 'timeout') report(name, `did not finish in ${timeoutMs} ms; going on without it`);
    } catch (error) {
      report(name, 'failed', error);
    } finally {
      clearTimeout(timer);
    }
  }
}
