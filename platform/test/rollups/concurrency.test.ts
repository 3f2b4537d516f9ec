import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createAccount, expectRecount, ok, rollupTenant, type RollupTenant } from './support.ts';

/**
 * 10,000 children of one parent written concurrently: 20 clients each create 500 (10 bulk creates of
 * 50, each its own transaction), while 4 more clients move children between two parents, change
 * amounts and stages, delete and restore them — bulk updates over both parents included, whose
 * parents are locked in id order. No deadlock, no lost update: every roll-up of both parents
 * equals a recount at the end.
 */
let server: RunningServer;
let t: RollupTenant;
beforeAll(async () => { server = await startTestServer(); t = await rollupTenant(server); });
afterAll(async () => { await server?.close(); });

it('20 × 500 concurrent creates of one parent, with concurrent moves, updates, deletes and restores across two parents', async () => {
  const [a, b] = [await createAccount(t, 'hot'), await createAccount(t, 'other')];
  const errors: unknown[] = [];
  const createMany = (client: number) => async () => {
    for (let batch = 0; batch < 10; batch++) {
      const d = Array.from({ length: 50 }, (_, i) => ({ name: `c${client}-${batch}-${i}`, account: a, amount: ((client * 500 + batch * 50 + i) % 997) / 4, stage: i % 4 === 0 ? 'won' : 'open' }));
      const res = await t.api(`mutation($d: [OpportunityCreateInput!]!) { createOpportunities(data: $d) { id } }`, { d });
      if (res.errors) errors.push(res.errors);
    }
  };
  let creating = true;
  const churn = (client: number) => async () => {
    let round = 0;
    while (creating || round < 3) {
      round++;
      const from = (client + round) % 2 ? a : b;
      const to = from === a ? b : a;
      const steps = [
        // a bulk update moving children between the two parents (locks both, in id order)
        `mutation { updateOpportunities(filter: {account: {id: {eq: "${from}"}}, name: {startsWith: "c${(client * 5 + round) % 20}-${round % 10}-1"}}, data: {account: "${to}", stage: "won"}) { count } }`,
        `mutation { updateOpportunities(filter: {name: {startsWith: "c${(client * 3 + round) % 20}-${(round + 1) % 10}-2"}}, data: {amount: ${round % 50}}) { count } }`,
        `mutation { deleteOpportunities(filter: {name: {startsWith: "c${(client * 7 + round) % 20}-${(round + 2) % 10}-3"}}) { count } }`,
      ];
      for (const q of steps) {
        const res = await t.api(q);
        if (res.errors) errors.push(res.errors);
      }
      const deleted = await t.sql(`select id from "${t.schema}"."opportunity" where "deletedAt" is not null order by random() limit 3`);
      for (const { id } of deleted) {
        const res = await t.api(`mutation($id: ID!) { restoreOpportunity(id: $id) { id } }`, { id });
        if (res.errors) errors.push(res.errors);
      }
    }
  };
  const started = Date.now();
  const creators = Promise.all(Array.from({ length: 20 }, (_, i) => createMany(i)())).finally(() => { creating = false; });
  await Promise.all([creators, ...Array.from({ length: 4 }, (_, i) => churn(i)())]);
  const seconds = (Date.now() - started) / 1000;
  expect(errors).toEqual([]);
  const [count] = await t.sql(`select count(*)::int as n from "${t.schema}"."opportunity"`);
  expect(count.n).toBe(10_000);
  const [hot, other] = [await expectRecount(t, a), await expectRecount(t, b)];
  expect(hot.opps! + other.opps!).toBeGreaterThan(9_000);
  expect(other.opps).toBeGreaterThan(0);
  console.log(`rollups concurrency: 10,000 creates + churn in ${seconds.toFixed(1)} s; hot ${hot.opps}, other ${other.opps}`);
}, 180_000);
