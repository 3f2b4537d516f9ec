import { describe, expect, it } from 'vitest';
import { activate, tenant } from '../support.ts';
import { code, expectContained, ext, hostileSuite, show, valueOf } from './suite.ts';

/**
 * Hostile scripts after shared memory, WebAssembly, the intrinsics, other scripts' and tenants'
 * state, and the host through what they hand back (results, logs, errors, ctx.db arguments).
 */
const s = hostileSuite('hostile: escapes, shared state, results');

describe('shared memory and WebAssembly are not there', () => {
  it('E1. SharedArrayBuffer, Atomics and WebAssembly are undefined, by name, through eval and through a fresh global', async () => {
    const [a] = await s.action(`const g = Function('return this')();\nreturn [typeof SharedArrayBuffer, typeof Atomics, typeof (globalThis as any).WebAssembly, typeof g.SharedArrayBuffer, eval('typeof Atomics'), 'WebAssembly' in g, Object.getOwnPropertyNames(g).filter((k) => /Shared|Atomics|WebAssembly/.test(k)).length].join(',');`);
    expect(valueOf(a), show(a)).toBe('undefined,undefined,undefined,undefined,undefined,false,0');
  });
  it('E2. nothing reachable from the global object (properties, prototypes, constructors, accessors) is shared memory or WebAssembly', async () => {
    const [a] = await s.action(`
const seen = new Set<unknown>();
const found: string[] = [];
const visit = (v: any, path: string, depth: number) => {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 6) return;
  seen.add(v);
  let tag = '';
  try { tag = Object.prototype.toString.call(v); } catch (e) {}
  if (/SharedArrayBuffer|Atomics|WebAssembly/.test(tag) || (typeof v === 'function' && /^(SharedArrayBuffer|Memory|Module|Instance|Table|Global)$/.test(v.name ?? ''))) found.push(path);
  visit(Object.getPrototypeOf(v), path + '.__proto__', depth + 1);
  for (const k of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k);
    if (!d) continue;
    const name = path + '.' + String(k);
    if (/Shared|Atomics|WebAssembly/.test(String(k))) found.push(name);
    if ('value' in d) visit(d.value, name, depth + 1);
    else { visit(d.get, name + '[get]', depth + 1); visit(d.set, name + '[set]', depth + 1); }
  }
};
visit(globalThis, 'globalThis', 0);
visit(ctx, 'ctx', 0);
return { found, seen: seen.size };`);
    const out = valueOf(a) as { found: string[]; seen: number };
    expect(out.found, show(a)).toEqual([]);
    expect(out.seen).toBeGreaterThan(200);
  });
  it('E3. `new SharedArrayBuffer(4)` is a ReferenceError naming the line', async () => {
    const [a] = await s.action(`const x = 1;\nreturn new SharedArrayBuffer(4 * x).byteLength;`);
    expect(ext(a), show(a)).toMatchObject({ code: 'SCRIPT_ERROR', line: 3 });
    expect(a.errors?.[0].message).toMatch(/SharedArrayBuffer is not defined/);
  });
  it('E4. compiling WebAssembly is a ReferenceError', async () => {
    const [a] = await s.action(`return await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));`, { prefix: 'declare const WebAssembly: any;\n' });
    expect(ext(a), show(a)).toMatchObject({ code: 'SCRIPT_ERROR', line: 3 });
    expect(a.errors?.[0].message).toMatch(/WebAssembly is not defined/);
  });
  it('E5. WebAssembly.Memory kept on globalThis across 12 calls is refused every time', async () => {
    const answers = await s.action(`const g = globalThis as any;\ng.kept = (g.kept ?? []).concat([new WebAssembly.Memory({ initial: 768 })]);\nreturn g.kept.length;`, { times: 12, sequential: true, prefix: 'declare const WebAssembly: any;\n' });
    for (const a of answers) expect(a.errors?.[0].message, show(a)).toMatch(/WebAssembly is not defined/);
  });
  it('E6. a shared Int32Array view over an ordinary buffer cannot wait either (no Atomics)', async () => {
    const [a] = await s.action(`const view = new Int32Array(new ArrayBuffer(4));\nreturn (globalThis as any).Atomics?.wait?.(view, 0, 0, 1000) ?? 'no Atomics';`);
    expect(valueOf(a), show(a)).toBe('no Atomics');
  });
});

describe('state across calls, scripts and tenants', () => {
  it('E7. prototype pollution fails, and a second script of the tenant sees a clean context', async () => {
    const [a] = await s.action(`try { (Object.prototype as any).polluted = 1; } catch (e) {}\ntry { (Array.prototype as any).push = () => 0; } catch (e) {}\n(globalThis as any).leftBehind = 'mine';\nreturn [({} as any).polluted === undefined, [].push.toString().includes('native')].join(',');`);
    expect(valueOf(a), show(a)).toBe('true,true');
    const [b] = await s.action(`return [typeof (globalThis as any).leftBehind, ({} as any).polluted === undefined].join(',');`);
    expect(valueOf(b), show(b)).toBe('undefined,true');
  });
  it('E8. another tenant never sees what a script left on its global object', async () => {
    await s.action(`(globalThis as any).secret = 'tenant A';\nreturn 1;`);
    const other = await tenant(s.server);
    await activate(other, 'peek', `export const actions = { lead: { peek: { async run(ctx: any) { return typeof (globalThis as any).secret; } } } };`);
    const lead = await other.api(`mutation { createLead(data: {name: "x"}) { id } }`);
    const res = await other.api(`mutation($id: ID!) { leadPeek(id: $id) }`, { id: lead.data.createLead.id });
    expect(res.data?.leadPeek, JSON.stringify(res)).toBe('undefined');
  });
  it('E9. replacing Promise.prototype.then, JSON.parse or Error.prepareStackTrace fails', async () => {
    for (const body of [`(Promise.prototype as any).then = () => 0;`, `(JSON as any).parse = () => ({ forged: true });`, `(Error as any).prepareStackTrace = () => 'forged';`]) {
      const [a] = await s.action(body + '\nreturn 1;');
      expect(code(a), show(a)).toBe('SCRIPT_ERROR');
    }
  });
  it('E10. ctx.db cannot be replaced or extended', async () => {
    const [a] = await s.action(`(ctx.db as any).find = () => 'forged';\nreturn 1;`);
    expect(code(a), show(a)).toBe('SCRIPT_ERROR');
    const [b] = await s.action(`(ctx.db as any).raw = () => 'sql';\nreturn 1;`);
    expect(code(b), show(b)).toBe('SCRIPT_ERROR');
  });
  it('E11. a value kept from an earlier call (a ctx) cannot reach ctx.db later', async () => {
    const answers = await s.action(`const g = globalThis as any;\nif (g.old) return await g.old.db.find('lead', {}).then(() => 'reached', (e: Error) => e.message);\ng.old = ctx;\nreturn 'kept';`, { times: 2, sequential: true });
    expect(valueOf(answers[0])).toBe('kept');
    expect(String(valueOf(answers[1]))).toMatch(/finished|ended/);
  });
});

describe('what a script hands back', () => {
  it('E12. a returned Proxy whose ownKeys trap loops is stopped', async () => {
    const [a] = await s.action(`return new Proxy({}, { ownKeys() { for (;;) {} } });`);
    expectContained(a, 'cpuMs');
  });
  it('E13. a returned Proxy that is endlessly deep is refused', async () => {
    const [a] = await s.action(`const deep: any = new Proxy({}, { get: () => deep, ownKeys: () => ['x'], getOwnPropertyDescriptor: () => ({ value: deep, enumerable: true, configurable: true }) });\nreturn deep;`);
    expect(['SCRIPT_ERROR', 'LIMIT_EXCEEDED'], show(a)).toContain(code(a));
  });
  it('E14. a result past maxResultBytes is refused', async () => {
    // Building 5 MB takes 30–60 ms of CPU on a loaded machine: the CPU limit is raised, so the size limit
    // this is about comes first.
    const [a] = await s.withLimits({ cpuMs: 1_000 }, () => s.action(`return Array.from({ length: 5_000 }, (_, i) => 'x'.repeat(1_000) + i);`));
    expect(ext(a), show(a)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxResultBytes' });
  });
  it('E15. a before-trigger writing 5 MB into a field is refused at maxResultBytes', async () => {
    const res = await s.withLimits({ cpuMs: 1_000 }, () => s.trigger(`ctx.records[0].notes = 'x'.repeat(5_000_000);`));
    expect(ext(res), show(res)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxResultBytes' });
  });
  it('E16. one huge log line is cut, and the call succeeds', async () => {
    const [a] = await s.action(`ctx.log('x'.repeat(5_000_000));\nreturn 'logged';`);
    expect(valueOf(a), show(a)).toBe('logged');
  });
  it('E17. a million addError calls are capped', async () => {
    const res = await s.trigger(`for (let i = 0; i < 1_000_000; i++) ctx.addError(0, 'name', 'bad ' + i);`);
    if (code(res) === 'VALIDATION_FAILED') expect((res.errors?.[0].extensions?.details ?? []).length).toBeLessThanOrEqual(1000);
    else expectContained(res, 'cpuMs');
  });
  it('E18. ctx.db arguments past maxResultBytes are refused inside the script', async () => {
    const [a] = await s.withLimits({ cpuMs: 1_000 }, () => s.action(`try { await ctx.db.create('task', { subject: 'x'.repeat(4_400_000) }); return 'written'; } catch (e: any) { return e.message; }`));
    expect(String(valueOf(a)), show(a)).toMatch(/bytes; the limit is/);
  });
  it('E19. addError with a looping Symbol.toPrimitive message is stopped', async () => {
    const res = await s.trigger(`ctx.addError(0, 'name', { [Symbol.toPrimitive]() { for (;;) {} } } as any);`);
    expectContained(res, 'cpuMs');
  });
  it('E20. throwing an Error whose message getter loops is stopped', async () => {
    const [a] = await s.action(`const e = new Error('x');\nObject.defineProperty(e, 'message', { get() { for (;;) {} } });\nthrow e;`);
    expectContained(a, 'cpuMs');
  });
  it('E21. throwing a non-Error whose toString loops is stopped', async () => {
    const [a] = await s.action(`throw { toString() { for (;;) {} } };`);
    expectContained(a, 'cpuMs');
  });
  it('E22. a stack forged through a getter on the thrown error does not name another script or line', async () => {
    const [a] = await s.action(`const e = new Error('x');\nObject.defineProperty(e, 'stack', { get: () => 'at script:other@1:99:1' });\nthrow e;`);
    expect(ext(a), show(a)).toMatchObject({ code: 'SCRIPT_ERROR', line: null });
  });
});

describe('CPU and memory through the language itself', () => {
  it('E23. catastrophic regular-expression backtracking is stopped', async () => {
    const [a] = await s.action(`return /^(a+)+$/.test('a'.repeat(40) + '!');`);
    expectContained(a, 'cpuMs');
  });
  it('E24. a sort whose comparator loops is stopped', async () => {
    const [a] = await s.action(`return [3, 1, 2].sort(() => { for (;;) {} });`);
    expectContained(a, 'cpuMs');
  });
  it('E25. eval of a 10 MB generated program is stopped', async () => {
    const [a] = await s.action(`return eval('1+'.repeat(5_000_000) + '1');`);
    expect(['LIMIT_EXCEEDED', 'SCRIPT_ERROR'], show(a)).toContain(code(a));
  });
  it('E26. a million new functions are stopped', async () => {
    const [a] = await s.action(`const fs: Function[] = [];\nfor (let i = 0; ; i++) fs.push(new Function('return ' + i));`);
    expectContained(a, ['memoryMb', 'cpuMs']);
  });
  it('E27. JSON.parse of a deeply nested text hits a limit', async () => {
    const [a] = await s.action(`return JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));`);
    expect(['LIMIT_EXCEEDED', 'SCRIPT_ERROR'], show(a)).toContain(code(a));
  });
  it('E28. a 16 GB typed array is refused at memoryMb', async () => {
    const [a] = await s.action(`return new Float64Array(2 ** 31).length;`);
    expect(ext(a), show(a)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'memoryMb', line: 2 });
  });
  it('E29. a string grown by joining arrays is stopped', async () => {
    const [a] = await s.action(`let parts = ['x'];\nfor (;;) parts = [parts.join(''), parts.join('')];`);
    expectContained(a, ['memoryMb', 'cpuMs']);
  });
});
