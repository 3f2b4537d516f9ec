import { Worker } from 'node:worker_threads';
import type { ScriptDiagnostic } from '@tessera/platform';

/**
 * Type-checking a script takes tens to hundreds of milliseconds of CPU; on the server's thread it
 * would stall every tenant's requests meanwhile. It runs on one worker thread instead, started on
 * first use and kept (its parsed library files are what make later checks fast); it does not keep
 * the process alive. A worker that dies is replaced on the next check; the checks it held fail.
 */
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve(d: ScriptDiagnostic[]): void; reject(e: Error): void }>();

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function start(): Worker {
  const w = new Worker(new URL('./type-check-worker.ts', import.meta.url));
  w.unref();
  w.on('message', (m: { id: number; diagnostics?: ScriptDiagnostic[]; error?: string }) => {
    const request = pending.get(m.id);
    if (!request) return;
    pending.delete(m.id);
    if (m.diagnostics) request.resolve(m.diagnostics);
    else request.reject(new Error(`Type-checking failed: ${m.error}`));
    if (pending.size === 0) w.unref();
  });
  const gone = (error: Error) => {
    if (worker === w) worker = undefined;
    failAll(error);
  };
  w.on('error', gone);
  w.on('exit', (code) => gone(new Error(`The type-checker stopped (exit code ${code})`)));
  return w;
}

/** The script's type errors against `types` (the ctx declarations), checked off the server's thread. */
export function typeCheckOffThread(source: string, types: string): Promise<ScriptDiagnostic[]> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // While a check is pending the worker keeps the process up, so the answer arrives.
    w.ref();
    w.postMessage({ id, source, types });
  });
}

/** Stops the worker (the runtime extension's close). */
export async function stopTypeChecker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
