import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import type { ScriptRuntime } from '../src/scripts/runtime.ts';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * A tenant's calls share its isolate. When one call exceeds the memory limit, the isolate is
 * disposed and replaced; another call of the tenant still running in it must fail with a clear
 * error of its own (not the other call's limit), never an unhandled rejection, and the next calls
 * run on the fresh isolate.
 */
let server: RunningServer;
let t: Tenant;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => { unhandled.push(reason); };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startRuntimeServer();
  t = await tenant(server);
  // Room for a long run of ctx.db reads and for the bomb to reach the memory limit before the CPU limit.
  await t.sql(`update tessera.tenants set settings = jsonb_set(coalesce(settings, '{}'), '{scripts}', '{"cpuMs": 3000, "wallMs": 30000, "maxQueries": 5000}') where id = $1`, [t.id]);
  server.platform.auth.forget();
  await activate(t, 'slow', `
export const actions = {
  lead: {
    slow: {
      async run(ctx, args) {
        for (let i = 0; i < 2000; i++) await ctx.db.find('lead', { first: 1 });
        return 'finished';
      },
    },
  },
};`);
  await activate(t, 'compute', `
export const actions = {
  lead: {
    compute: {
      run(ctx, args) {
        let x = 0;
        for (let i = 0; i < 600_000_000; i++) x = (x + i) % 1_000_003;
        return x;
      },
    },
  },
};`);
  await activate(t, 'bomb', `
export const triggers = { task: { beforeCreate(ctx) { const a: number[][] = []; while (true) a.push(new Array(200_000).fill(1.5)); } } };`);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server?.close();
});

describe('an isolate replaced while another call of the tenant runs in it', () => {
  it('the other call fails with its own typed error; the next calls run on a fresh isolate', async () => {
    const lead = await t.api(`mutation { createLead(data: {name: "target"}) { id } }`);
    const id = lead.data.createLead.id;
    const slow = t.api(`mutation($id: ID!) { leadSlow(id: $id) }`, { id });
    // Let the slow action get going in the tenant's isolate (its 2,000 ctx.db reads take seconds).
    await new Promise((r) => setTimeout(r, 500));
    const bomb = await t.api(`mutation { createTask(data: {subject: "boom"}) { id } }`);
    expect(bomb.errors?.[0]?.extensions, JSON.stringify(bomb)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'memoryMb', script: 'bomb' });

    const other = await slow;
    expect(other.errors?.[0]?.extensions, JSON.stringify(other)).toMatchObject({ code: 'SCRIPT_ERROR', script: 'slow', reason: 'isolateReplaced', retryable: true });
    expect(other.errors?.[0]?.message).toMatch(/replaced/);

    const again = await t.api(`mutation($id: ID!) { leadSlow(id: $id) }`, { id });
    expect(again.errors, JSON.stringify(again.errors)).toBeUndefined();
    expect(again.data.leadSlow).toBe('finished');
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });
});

describe('a sandbox process restarted while a call computes in it', () => {
  it('a call that had made no ctx.db call is sent again on the new process and answers', async () => {
    // Computed first: this loop blocks the test process (the server's too) for seconds, and a keep-alive
    // connection left idle across it was closed by the server's overdue timer as the next request went
    // out on it (ECONNRESET on a loaded machine).
    const expected = (() => { let x = 0; for (let i = 0; i < 600_000_000; i++) x = (x + i) % 1_000_003; return x; })();
    const lead = await t.api(`mutation { createLead(data: {name: "sum"}) { id } }`);
    const id = lead.data.createLead.id;
    const pids = (server.platform.scripting as ScriptRuntime).sandboxes.pids();
    const compute = t.api(`mutation($id: ID!) { leadCompute(id: $id) }`, { id });
    // Killed from outside (the OOM killer, an operator) while the loop runs: no script is to blame.
    await new Promise((r) => setTimeout(r, 250));
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const answer = await compute;
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    expect(answer.data.leadCompute).toBe(expected);
    expect((server.platform.scripting as ScriptRuntime).sandboxes.pids()).not.toEqual(pids);
    expect(unhandled).toEqual([]);
  });
});
