import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import type { ScriptRuntime } from '../../src/index.ts';
import { activate, startRuntimeServer, tenant, type Gql, type Tenant } from '../support.ts';

/**
 * A hostile-script suite: a server (in this process: scripts run in its sandbox processes, so a
 * script that crashes or wedges one takes only that), a hostile tenant, and, during the whole
 * suite, another tenant's simple reads, /healthz probes, and a neighbour tenant's script calls
 * (a trigger on every create). At the end the figures are printed and asserted: no read failed,
 * the reads' p99 stayed low, /healthz always answered, the neighbour's scripts only ever failed
 * with a retryable error, and nothing was left as an unhandled rejection.
 */
export interface Suite {
  server: RunningServer;
  /** The hostile tenant. */
  t: Tenant;
  /** The tenant whose reads are measured, and one of its leads. */
  other: Tenant;
  otherLeadId: string;
  /** Activates `body` as lead.beforeCreate, creates a lead, deletes the script; the response. */
  trigger(body: string, data?: Record<string, unknown>): Promise<Gql>;
  /** Activates `body` as the lead action of a new script and runs it `times` times, `gapMs` apart (concurrently); the responses. */
  action(body: string, options?: { times?: number; gapMs?: number; sequential?: boolean; language?: 'TS' | 'JS'; prefix?: string }): Promise<Gql[]>;
  /** The sandbox processes' ids. */
  pids(): number[];
  /**
   * Runs `work` with the hostile tenant's script limits raised by `limits` (e.g. `{cpuMs: 1000}`), then
   * puts them back: a test of one limit (the result's size) must not meet another (CPU time, on a loaded
   * machine) first.
   */
  withLimits<T>(limits: Record<string, number>, work: () => Promise<T>): Promise<T>;
}

export const code = (res: Gql) => res.errors?.[0]?.extensions?.code;
export const ext = (res: Gql) => res.errors?.[0]?.extensions ?? {};
export const show = (res: Gql) => JSON.stringify(res.errors ?? res.data);
export const valueOf = (res: Gql) => (res.data ? Object.values(res.data)[0] : undefined);

/** An answer that is the script's limit, or (its isolate or process replaced for another call) a retryable failure of its own. */
export function expectContained(res: Gql, limit: string | string[], script?: string): void {
  const e = ext(res);
  if (e.retryable === true) {
    expect(e, show(res)).toMatchObject({ code: 'SCRIPT_ERROR' });
    return;
  }
  expect(e, show(res)).toMatchObject({ code: 'LIMIT_EXCEEDED', ...(script ? { script } : {}) });
  expect(Array.isArray(limit) ? limit : [limit], show(res)).toContain(e.limit);
}

/** Sets a tenant's script limits (`settings.scripts`) to `scripts`; the server reads them on its next request once told to forget. */
async function setScriptSettings(t: Tenant, scripts: Record<string, unknown>): Promise<void> {
  await t.sql(`update tessera.tenants set settings = jsonb_set(coalesce(settings, '{}'), '{scripts}', $2::jsonb) where id = $1`, [t.id, JSON.stringify(scripts)]);
}

export function hostileSuite(name: string, settings: Record<string, unknown> = {}): Suite {
  const state = {} as Suite & { neighbour: Tenant };
  const reads: number[] = [];
  const health: number[] = [];
  const neighbourFailures: Record<string, unknown>[] = [];
  let neighbourCalls = 0;
  let failedReads = 0;
  let firstFailure: string | undefined;
  let running = true;
  let loops: Promise<void>[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
  let n = 0;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    state.server = await startRuntimeServer();
    state.t = await tenant(state.server);
    state.other = await tenant(state.server);
    state.neighbour = await tenant(state.server);
    // The default wall limit (5 s): sandbox processes run at a lower priority, and on a loaded test
    // machine a looping script must meet its CPU limit before a shorter wall limit.
    await setScriptSettings(state.t, { maxRowsWritten: 50, ...settings });
    // The neighbour's one-line trigger once was charged 80 ms (cpuMs 50) while hostile isolates ran beside
    // it: CPU of isolated-vm's threads is shared among the tasks running at that moment (task-clock.ts), so
    // a neighbour can be charged some of a hostile task's. Its limit is raised: what this suite checks of
    // it is that it is served, not how its CPU is apportioned (a known limit of the accounting).
    await setScriptSettings(state.neighbour, { cpuMs: 500 });
    state.server.platform.auth.forget();
    const created = await state.other.api(`mutation { createLeads(data: [{name: "o1"}, {name: "o2"}, {name: "o3"}]) { id } }`);
    state.otherLeadId = created.data.createLeads[0].id;
    await activate(state.neighbour, 'scoring', `export const triggers = { lead: { beforeCreate(ctx: any) { for (const r of ctx.records) r.score = (r.score ?? 0) + 1; } } };`);
    const url = state.server.url;
    loops = [
      (async () => {
        while (running) {
          const started = performance.now();
          const res = await state.other.api(`{ leads(first: 3) { nodes { id name } } }`);
          reads.push(performance.now() - started);
          if (res.errors || res.data.leads.nodes.length !== 3) { failedReads++; firstFailure ??= show(res); }
          // At most ~140 a second: under the per-key rate limit (200 a second) however long the suite.
          await new Promise((r) => setTimeout(r, Math.max(2, 7 - (performance.now() - started))));
        }
      })(),
      (async () => {
        while (running) {
          const started = performance.now();
          const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);
          health.push(ok ? performance.now() - started : Infinity);
          await new Promise((r) => setTimeout(r, 20));
        }
      })(),
      (async () => {
        while (running) {
          const res = await state.neighbour.api(`mutation { createLead(data: {name: "n", score: 1}) { score } }`);
          neighbourCalls++;
          if (res.errors) neighbourFailures.push(ext(res));
          else expect(res.data.createLead.score).toBe(2);
          await new Promise((r) => setTimeout(r, 20));
        }
      })(),
    ];
  });

  afterAll(async () => {
    running = false;
    await Promise.all(loops);
    process.off('unhandledRejection', onUnhandled);
    await state.server?.close();
    const sorted = [...reads].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
    const p99 = q(0.99);
    const healthMax = Math.max(...health);
    console.log(`[${name}] other tenant's reads: n=${sorted.length} failed=${failedReads} p50=${q(0.5).toFixed(1)} ms p95=${q(0.95).toFixed(1)} ms p99=${p99.toFixed(1)} ms max=${q(1).toFixed(1)} ms; /healthz max=${healthMax.toFixed(1)} ms (n=${health.length}); neighbour's script calls: ${neighbourCalls}, failed (retryable) ${neighbourFailures.length}${firstFailure ? `; first failed read: ${firstFailure}` : ''}`);
    expect(failedReads).toBe(0);
    expect(sorted.length).toBeGreaterThan(20);
    // The goal is < 100 ms on 2 cores; the bound is looser because the test machine is shared.
    expect(p99).toBeLessThan(250);
    expect(healthMax).toBeLessThan(1_000);
    for (const f of neighbourFailures) expect(f, JSON.stringify(f)).toMatchObject({ code: 'SCRIPT_ERROR', retryable: true });
    expect(neighbourCalls).toBeGreaterThan(5);
    expect(unhandled).toEqual([]);
  });

  state.trigger = async (body, data = { name: 'x' }) => {
    const script = `h${++n}`;
    await activate(state.t, script, `export const triggers = { lead: { async beforeCreate(ctx: any) {\n${body}\n} } };`);
    try {
      return await state.t.api(`mutation($d: LeadCreateInput!) { createLead(data: $d) { id name score } }`, { d: data });
    } finally {
      await state.t.meta(`mutation { deleteScript(name: "${script}") }`);
    }
  };
  state.action = async (body, options = {}) => {
    const i = ++n;
    const script = `a${i}`;
    const params = options.language === 'JS' ? 'ctx, args)' : 'ctx: any, args: any): Promise<any>';
    const saved = await state.t.save(script, `${options.prefix ?? ''}export const actions = { lead: { probe${i}: { async run(${params} {\n${body}\n} } } };`, options.language ?? 'TS');
    expect(saved.active, JSON.stringify(saved.diagnostics)).toBe(true);
    const lead = await state.t.api(`mutation { createLead(data: {name: "target"}) { id } }`);
    try {
      const calls: Promise<Gql>[] = [];
      for (let k = 0; k < (options.times ?? 1); k++) {
        const call = state.t.api(`mutation($id: ID!) { leadProbe${i}(id: $id) }`, { id: lead.data.createLead.id });
        calls.push(call);
        if (options.sequential) await call;
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
      return await Promise.all(calls);
    } finally {
      await state.t.meta(`mutation { deleteScript(name: "${script}") }`);
    }
  };
  state.pids = () => (state.server.platform.scripting as ScriptRuntime).sandboxes.pids();
  state.withLimits = async (limits, work) => {
    const before = (await state.t.sql(`select coalesce(settings->'scripts', '{}') as scripts from tessera.tenants where id = $1`, [state.t.id]))[0].scripts as Record<string, unknown>;
    await setScriptSettings(state.t, { ...before, ...limits });
    state.server.platform.auth.forget();
    try {
      return await work();
    } finally {
      await setScriptSettings(state.t, before);
      state.server.platform.auth.forget();
    }
  };
  return state;
}
