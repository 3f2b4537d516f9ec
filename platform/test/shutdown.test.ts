import { describe, expect, it, vi } from 'vitest';
import { shutdownInOrder } from '../src/util/shutdown.ts';

/** Shutdown steps are bounded: a stuck or failing step is reported by name and the rest still run, in order. */
describe('shutdownInOrder', () => {
  it('leaves a step that never ends behind after its timeout, reports a failing one, and runs every later step', async () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(((message: string) => { warnings.push(message); }) as typeof process.emitWarning);
    const ran: string[] = [];
    try {
      const started = Date.now();
      await shutdownInOrder([
        ['first', () => { ran.push('first'); }],
        ['stuck pool', () => new Promise(() => { ran.push('stuck'); })],
        ['broken', () => { ran.push('broken'); throw new Error('boom'); }],
        ['last', async () => { ran.push('last'); }],
      ], { timeoutMs: 100, detail: (step) => (step.endsWith('pool') ? '3 clients checked out' : '') });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      spy.mockRestore();
    }
    expect(ran).toEqual(['first', 'stuck', 'broken', 'last']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/"stuck pool" did not finish in 100 ms.*3 clients checked out/);
    expect(warnings[1]).toMatch(/"broken" failed: Error: boom/);
  });
});
