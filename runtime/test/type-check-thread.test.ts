import { describe, expect, it } from 'vitest';
import { compileScript } from '../src/scripts/compiler.ts';

/** Type-checking runs on a worker thread: the server's event loop keeps turning while a script is checked. */
describe('type-checking off the server thread', () => {
  const body = Array.from({ length: 150 }, (_, i) => `      const v${i}: number = (r.score ?? 0) + ${i}; if (v${i} > 1e9) ctx.log('big ' + String(v${i}));`).join('\n');
  const source = `export const triggers = {\n  lead: {\n    beforeCreate(ctx) {\n      for (const r of ctx.records) {\n${body}\n      }\n    },\n  },\n};\n`;

  it('lets timers run while a script is type-checked, and still reports its errors with their lines', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 1);
    try {
      const ok = await compileScript({ name: 'big', language: 'TS', source });
      expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(ok.compiled).not.toBeNull();
    } finally {
      clearInterval(timer);
    }
    // Checked on this thread, the whole compile would run before any timer could fire.
    expect(ticks).toBeGreaterThan(0);

    const bad = await compileScript({ name: 'bad', language: 'TS', source: source.replace('const v3: number =', 'const v3: string =') });
    expect(bad.compiled).toBeNull();
    expect(bad.diagnostics).toEqual([expect.objectContaining({ line: 8, severity: 'error', message: expect.stringMatching(/'string'/) })]);
  });

  it('answers concurrent checks each with its own result', async () => {
    const results = await Promise.all([0, 1, 2, 3].map((i) => compileScript({ name: `c${i}`, language: 'TS', source: i % 2 ? source.replace('const v1: number =', 'const v1: boolean =') : source })));
    expect(results.map((r) => r.compiled !== null)).toEqual([true, false, true, false]);
  });
});
