import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createAccount, createOpp, expectRecount, rollupTenant, type RollupTenant } from './support.ts';

let server: RunningServer;
let t: RollupTenant;
beforeAll(async () => { server = await startTestServer(); t = await rollupTenant(server); });
afterAll(async () => { await server?.close(); });

it('smoke', async () => {
  const a = await createAccount(t, 'A');
  await createOpp(t, { name: 'o1', account: a, amount: 10, stage: 'won' });
  await createOpp(t, { name: 'o2', account: a, amount: 5.5 });
  expect(await expectRecount(t, a)).toMatchObject({ opps: 2, total: 15.5, smallest: 5.5, largest: 10, won: 10 });
});
