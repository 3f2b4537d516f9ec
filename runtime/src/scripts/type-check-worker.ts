import { parentPort } from 'node:worker_threads';
import { typeCheck } from './type-check.ts';

/** The type-checker's thread: one request at a time, `{id, source, types}` → `{id, diagnostics}` or `{id, error}`. */
parentPort!.on('message', ({ id, source, types }: { id: number; source: string; types: string }) => {
  try {
    parentPort!.postMessage({ id, diagnostics: typeCheck(source, types) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
