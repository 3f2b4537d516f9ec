import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type RemoteServer } from './remote.ts';

/**
 * A sandbox process has a memory bound (TESSERA_SANDBOX_MAX_RSS_MB): tenants that each keep what
 * their memory limit allows on their global object can grow it, together, past the bound; it then
 * drops the isolates no call is using (what they kept goes with them), or is replaced.
 */
let server: RemoteServer | undefined;
afterEach(async () => { await server?.stop(); server = undefined; });

const KEEP = `export const actions = { lead: { keep: { async run(ctx: any): Promise<any> {
  const g = globalThis as any;
  if (!g.kept) { g.kept = []; for (let i = 0; i < 20; i++) g.kept.push(new Uint8Array(1 << 20).fill(i + 1)); }
  return g.kept.length;
} } } };`;

describe('the memory bound of a sandbox process', () => {
  it('tenants keeping 20 MB each push one process past its bound: idle isolates are dropped, the process stays near its bound', async () => {
    // Filling 20 MB takes 20–70 ms of CPU on a loaded machine: a generous CPU limit keeps this test about memory.
    server = await startServerProcess({ tenants: 8, scriptSettings: { cpuMs: 1_000 }, env: { TESSERA_SANDBOX_PROCESSES: '1', TESSERA_SANDBOX_MAX_RSS_MB: '200' } });
    const sandboxRss = () => server!.rssMb();
    for (let t = 0; t < 8; t++) await server.activate(t, 'keep', KEEP);
    const ids: string[] = [];
    for (let t = 0; t < 8; t++) {
      const lead = await server.post(t, '/graphql', 'mutation { createLead(data: {name: "x"}) { id } }');
      ids.push(lead.data.createLead.id);
    }
    const before = sandboxRss();
    for (let t = 0; t < 8; t++) {
      const res = await server.post(t, '/graphql', 'mutation($id: ID!) { leadKeep(id: $id) }', { id: ids[t] });
      expect(res.data?.leadKeep, JSON.stringify(res)).toBe(20);
    }
    const peak = sandboxRss();
    // The check runs every second: within a few, the kept memory of idle isolates is gone.
    let after = peak;
    for (let i = 0; i < 50 && after > before + 120; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = sandboxRss();
    }
    console.log(`[memory bound] RSS of the server and its sandbox process: ${before.toFixed(0)} → ${peak.toFixed(0)} (8 × 20 MB kept) → ${after.toFixed(0)} MB`);
    expect(peak - before).toBeGreaterThan(120);
    expect(after - before).toBeLessThan(120);
    // The tenants' scripts still run (in fresh isolates: what they kept is gone).
    const again = await server.post(0, '/graphql', 'mutation($id: ID!) { leadKeep(id: $id) }', { id: ids[0] });
    expect(again.data?.leadKeep, JSON.stringify(again)).toBe(20);
    expect(await server.health()).toBeLessThan(2_000);
  });
});
