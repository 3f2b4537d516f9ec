import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createAccount, createOpp, expectRecount, ok, rollupTenant, type RollupTenant } from './support.ts';

/**
 * Two transactions writing the SAME child at the same moment. A barrier hook, right after the
 * roll-ups' `before` hook, holds each write until both have reached it (or a second has passed):
 * without the child-row lock that hook takes, both read what the child contributed before either
 * writes, and the second write moves the parents by a stale contribution (a parent decremented
 * twice, a sum off by the first write's change). With the lock, the second waits in the `before`
 * hook for the first to commit and reads its result; the barrier lets the first through alone.
 * Every parent must equal a recount afterwards.
 */
let server: RunningServer;
let t: RollupTenant;

/** The barrier: open while a test runs two writes at once; each write waits for the other (at most 1 s). */
let gate: { arrived: number; open: () => void; opened: Promise<void> } | undefined;
const barrier = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  gate = { arrived: 0, open, opened };
};

const plugin = definePlugin({
  name: 'same-child-barrier', version: '1.0.0',
  saveHooks: [{
    name: 'barrier', step: 'beforeWrite', objects: ['opportunity'], after: ['rollups:before'],
    async run() {
      const g = gate;
      if (!g) return;
      if (++g.arrived >= 2) g.open();
      await Promise.race([g.opened, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    },
  }],
});

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(plugin);
  t = await rollupTenant(server);
});
afterAll(async () => { await server?.close(); });

/** Runs two writes at the same moment through the barrier; their errors (a second delete of one record may be refused) are not the point. */
async function together(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<void> {
  barrier();
  try {
    await Promise.all([first(), second()]);
  } finally {
    gate = undefined;
  }
}

const update = (id: string, d: Record<string, unknown>) => () => t.api(`mutation($id: ID!, $d: OpportunityUpdateInput!) { updateOpportunity(id: $id, data: $d) { id } }`, { id, d });
const remove = (id: string) => () => t.api(`mutation($id: ID!) { deleteOpportunity(id: $id) { id } }`, { id });
const restore = (id: string) => () => t.api(`mutation($id: ID!) { restoreOpportunity(id: $id) { id } }`, { id });

describe('two transactions writing the same child at once', () => {
  it('two moves of one child to two other parents: the child counts once, on the parent of the last move', async () => {
    const [a, b, c] = [await createAccount(t, 'a'), await createAccount(t, 'b'), await createAccount(t, 'c')];
    const o = await createOpp(t, { name: 'moved twice', account: a, amount: 10, stage: 'won' });
    await createOpp(t, { name: 'stays', account: a, amount: 5 });
    await together(update(o, { account: b }), update(o, { account: c }));
    const counts = [await expectRecount(t, a), await expectRecount(t, b), await expectRecount(t, c)].map((r) => r.opps);
    expect(counts[0]).toBe(1);
    expect(counts[1]! + counts[2]!).toBe(1);
  });

  it('two updates of one child\'s amount: the sum, the extreme and the filtered sum hold the last one', async () => {
    const a = await createAccount(t, 'amounts');
    const o = await createOpp(t, { name: 'updated twice', account: a, amount: 10, stage: 'won' });
    await createOpp(t, { name: 'other', account: a, amount: 1, stage: 'won' });
    await together(update(o, { amount: 20 }), update(o, { amount: 30 }));
    const stored = await expectRecount(t, a);
    expect([21, 31]).toContain(stored.total);
  });

  it('two deletes of one child: it leaves its parent once', async () => {
    const a = await createAccount(t, 'deletes');
    const o = await createOpp(t, { name: 'deleted twice', account: a, amount: 10, stage: 'won' });
    await createOpp(t, { name: 'left', account: a, amount: 3 });
    await together(remove(o), remove(o));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, total: 3 });
  });

  it('two restores of one child: it comes back to its parent once', async () => {
    const a = await createAccount(t, 'restores');
    const o = await createOpp(t, { name: 'restored twice', account: a, amount: 10, stage: 'won' });
    await createOpp(t, { name: 'there', account: a, amount: 3 });
    ok(await remove(o)());
    await together(restore(o), restore(o));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 2, total: 13 });
  });
});
