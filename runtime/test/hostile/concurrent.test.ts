import { describe, expect, it } from 'vitest';
import { code, expectContained, ext, hostileSuite, show, valueOf } from './suite.ts';

/**
 * Hostile scripts that mix ctx.db calls and loops, run concurrently, and break their sandbox
 * process (V8 aborts, a killed process): each is contained with its typed error while the other
 * tenants are served (see suite.ts for what is measured and asserted at the end).
 */
const s = hostileSuite('hostile: concurrent and host-call mixes');
const FIND = `await ctx.db.find('lead', { first: 1 });`;

describe('loops after ctx.db calls, concurrently', () => {
  it('C1. `await ctx.db.find; for (;;) {}` 4 times 10 ms apart: each stopped at cpuMs or told to retry, in bounded time', async () => {
    const started = performance.now();
    const answers = await s.action(`${FIND}\nfor (;;) {}`, { times: 4, gapMs: 10 });
    for (const a of answers) expectContained(a, 'cpuMs');
    expect(answers.some((a) => code(a) === 'LIMIT_EXCEEDED')).toBe(true);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
  it('C2. a synchronous `for (;;) {}` 4 times 10 ms apart', async () => {
    const answers = await s.action('for (;;) {}', { times: 4, gapMs: 10 });
    for (const a of answers) expectContained(a, 'cpuMs');
  });
  it('C3. Atomics.wait after a ctx.db call, 4 times 10 ms apart: Atomics and SharedArrayBuffer do not exist', async () => {
    const answers = await s.action(`${FIND}\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 8000);`, { times: 4, gapMs: 10 });
    for (const a of answers) {
      expect(ext(a), show(a)).toMatchObject({ code: 'SCRIPT_ERROR', line: 3 });
      expect(a.errors?.[0].message).toMatch(/(SharedArrayBuffer|Atomics) is not defined/);
    }
  });
  it('C4. a loop after ctx.db calls beside honest calls of the same script: honest ones succeed or are told to retry', async () => {
    const answers = await s.action(`${FIND}\nif (args.input?.spin) for (;;) {}\nreturn 'ok';`, { times: 1 });
    expect(valueOf(answers[0])).toBe('ok');
    // Mixed: the input decides; the same lead, 8 calls, every other one spinning.
    const mixed = await s.action(`${FIND}\nif ((globalThis as any).n = ((globalThis as any).n ?? 0) + 1, (globalThis as any).n % 2) for (;;) {}\nreturn 'ok';`, { times: 8, gapMs: 5 });
    for (const a of mixed) if (a.errors) expectContained(a, 'cpuMs');
    expect(mixed.some((a) => a.errors)).toBe(true);
  });
  it('C5. a loop after Promise.all of 10 ctx.db calls', async () => {
    const [a] = await s.action(`await Promise.all(Array.from({ length: 10 }, () => ctx.db.find('lead', { first: 1 })));\nwhile (true) {}`);
    expectContained(a, 'cpuMs');
  });
  it('C6. CPU spread over many continuations adds up to the limit', async () => {
    const [a] = await s.action(`for (let i = 0; i < 60; i++) {\n  await ctx.db.find('lead', { first: 1 });\n  const end = Date.now() + 5; while (Date.now() < end) {}\n}\nreturn 'done';`);
    expectContained(a, 'cpuMs');
  });
  it('C7. a detached continuation after the handler returned never runs (no watchdog-less loop)', async () => {
    const [a] = await s.action(`ctx.db.find('lead', { first: 1 }).finally(() => { for (;;) {} });\nreturn 'returned';`);
    expect(valueOf(a), show(a)).toBe('returned');
    // The tenant's next call is served at once: nothing spins in its isolate.
    const started = performance.now();
    const [b] = await s.action(`return (await ctx.db.find('lead', { first: 1 })).length;`);
    expect(valueOf(b), show(b)).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
  it('C8. a continuation queued before completion (p.then after await p) is run and stopped', async () => {
    const [a] = await s.action(`const p = ctx.db.find('lead', { first: 1 });\np.then(() => { for (;;) {} });\nawait p;\nreturn 1;`);
    expectContained(a, 'cpuMs');
  });
  it('C9. deep recursion in a continuation hits the call stack limit', async () => {
    const [a] = await s.action(`${FIND}\nconst f = (n: number): number => f(n + 1) + 1;\nreturn f(0);`);
    expect(ext(a), show(a)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'callStack', line: 3 });
  });
  it('C10. a microtask flood (10 million promise reactions) is stopped', async () => {
    const [a] = await s.action(`for (let i = 0; i < 1e7; i++) Promise.resolve(i).then(() => {});\nreturn 1;`);
    expectContained(a, ['cpuMs', 'memoryMb']);
  });
  it('C11. a microtask flood after a ctx.db call is stopped', async () => {
    const [a] = await s.action(`${FIND}\nconst spin = (): Promise<void> => Promise.resolve().then(spin);\nawait spin();`);
    expectContained(a, ['cpuMs', 'memoryMb']);
  });
  it('C12. `while (true) await null` after a ctx.db call is stopped', async () => {
    const [a] = await s.action(`${FIND}\nwhile (true) await null;`);
    expectContained(a, ['cpuMs', 'wallMs']);
  });
  it('C13. `while (true) await ctx.db.find(…)` hits maxQueries', async () => {
    const [a] = await s.action(`while (true) await ctx.db.find('lead', { first: 1 });`);
    expect(ext(a), show(a)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxQueries' });
  });
  it('C14. a memory bomb in a continuation is stopped at memoryMb', async () => {
    const [a] = await s.action(`${FIND}\nconst keep: number[][] = [];\nwhile (true) keep.push(new Array(100_000).fill(1.5));`);
    expectContained(a, ['memoryMb', 'cpuMs']);
  });
  it('C15. 4 concurrent memory bombs', async () => {
    const answers = await s.action(`const keep: string[] = [];\nwhile (true) keep.push('x'.repeat(1 << 20) + keep.length);`, { times: 4, gapMs: 10 });
    for (const a of answers) expectContained(a, ['memoryMb', 'cpuMs']);
  });
  it('C16. a Map grown without end is stopped', async () => {
    const [a] = await s.action(`const m = new Map<number, number>();\nfor (let i = 0; ; i++) m.set(i, i);`);
    expectContained(a, ['memoryMb', 'cpuMs']);
  });
  it('C17. a Set of ever longer strings is stopped', async () => {
    const [a] = await s.action(`const set = new Set<string>();\nlet x = 'x';\nfor (;;) { x += x.length; set.add(x); }`);
    expectContained(a, ['memoryMb', 'cpuMs']);
  });
});

describe('scripts that break their sandbox process', () => {
  it('C18. `new Array(2 ** 32 - 1).fill(0)` (a V8 abort, in no interruptible place) is a limit naming the script; the server lives', async () => {
    const [a] = await s.action(`const a = new Array(2 ** 32 - 1);\na.fill(0);\nreturn 1;`);
    expect(ext(a), show(a)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: expect.toBeOneOf(['memoryMb', 'cpuMs']) });
    const [b] = await s.action('return 2;');
    expect(valueOf(b), show(b)).toBe(2);
  });
  it('C19. the same after a ctx.db call', async () => {
    const [a] = await s.action(`${FIND}\nconst a = new Array(2 ** 32 - 1);\na.fill(0);`);
    expectContained(a, ['memoryMb', 'cpuMs']);
  });
  it('C20. 3 such calls at once', async () => {
    const answers = await s.action(`const a = new Array(2 ** 32 - 1);\na.fill(0);`, { times: 3, gapMs: 10 });
    for (const a of answers) expectContained(a, ['memoryMb', 'cpuMs', 'wallMs']);
  });
  it('C21. a sandbox process killed from outside while a call waits on ctx.db: the call fails retryable, the next one runs', async () => {
    const calls = s.action(`for (let i = 0; i < 80; i++) await ctx.db.find('lead', { first: 1 });\nreturn 'done';`);
    await new Promise((r) => setTimeout(r, 400));
    for (const pid of s.pids()) process.kill(pid, 'SIGKILL');
    const [a] = await calls;
    // Killed mid-call (typed, retryable or blamed), or it had already finished.
    if (a.errors) expect(ext(a), show(a)).toMatchObject({ code: expect.toBeOneOf(['SCRIPT_ERROR', 'LIMIT_EXCEEDED']), script: expect.any(String) });
    else expect(valueOf(a)).toBe('done');
    const [b] = await s.action('return 3;');
    expect(valueOf(b), show(b)).toBe(3);
  });
});
