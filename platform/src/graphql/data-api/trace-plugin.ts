import type { DataContext } from './context.ts';

/**
 * A yoga plugin: when the request asked for it (`x-tessera-trace: 1`), the response's
 * `extensions.trace` lists each step the request ran, in order: the pipeline's steps of each write
 * (validate, permissions, before-write hooks, write, after-write hooks, audit, events) and each read,
 * with how long it took, how many SQL statements it ran and which records it concerned.
 */
export function useTrace() {
  return {
    onExecute({ args }: { args: { contextValue: unknown } }) {
      const ctx = args.contextValue as Partial<DataContext>;
      if (!ctx.traceRequested || !ctx.tracer) return undefined;
      const tracer = ctx.tracer;
      const started = performance.now();
      return {
        onExecuteDone({ result, setResult }: { result: unknown; setResult(result: unknown): void }) {
          if (!result || typeof result !== 'object' || Symbol.asyncIterator in result) return;
          const r = result as { extensions?: Record<string, unknown> };
          setResult({ ...r, extensions: { ...r.extensions, trace: { steps: tracer.steps, totalMs: Math.round((performance.now() - started) * 1000) / 1000 } } });
        },
      };
    },
  };
}
