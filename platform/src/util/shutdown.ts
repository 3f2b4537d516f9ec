/** One step of an orderly shutdown: a name for the warning, and the work. */
export type ShutdownStep = readonly [name: string, run: () => unknown];

/**
 * Runs shutdown steps in order, each bounded: a step that has not finished after `timeoutMs` is
 * reported (with its name) and left behind, so one stuck resource (a connection that never ends,
 * a job that never returns) cannot keep a process from exiting. A step that fails is reported too.
 */
export async function shutdownInOrder(steps: readonly ShutdownStep[], options: { timeoutMs?: number; onProblem?: (step: string, problem: 'timeout' | 'failed', error?: unknown) => void } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const report = options.onProblem ?? ((step, problem, error) => process.emitWarning(`shutdown step "${step}" ${problem === 'timeout' ? `did not finish in ${timeoutMs} ms; going on without it` : `failed: ${String(error)}`}`, 'ShutdownWarning'));
  for (const [name, run] of steps) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); timer.unref(); });
    try {
      const outcome = await Promise.race([Promise.resolve().then(run).then(() => 'done' as const), timedOut]);
      if (outcome === 'timeout') report(name, 'timeout');
    } catch (error) {
      report(name, 'failed', error);
    } finally {
      clearTimeout(timer);
    }
  }
}
