import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createAccount, createOpp, expectRecount, ok, refused, rollupsOf, rollupTenant, type RollupTenant } from './support.ts';

/**
 * Every write path keeps the roll-ups, since every one saves through the pipeline: single and bulk
 * creates, updates and deletes, restores, upserts, a plugin command's local API (scripts' ctx.db:
 * runtime/test/rollups.test.ts), merges. After each, all five aggregates (and a filtered SUM) equal
 * a recount of the children.
 */
let server: RunningServer;
let t: RollupTenant;

const plugin = definePlugin({
  name: 'rollup-writer', version: '1.0.0',
  commands: [{
    name: 'spawn', objects: ['account'], access: 'read', permission: 'read',
    input: { type: 'object', properties: { amount: { type: 'number' }, move: { type: 'string' }, to: { type: 'string' }, drop: { type: 'string' }, write: { type: 'object' } } },
    async run(call) {
      const input = call.input as { amount?: number; move?: string; to?: string; drop?: string; write?: Record<string, unknown> };
      if (input.write) return call.api.create('account', input.write);
      if (input.move) return call.api.update('opportunity', input.move, { account: input.to });
      if (input.drop) return call.api.delete('opportunity', input.drop);
      return call.api.create('opportunity', { name: 'spawned', account: call.id, amount: input.amount ?? 1, stage: 'won' });
    },
  }],
});

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(plugin);
  t = await rollupTenant(server);
});
afterAll(async () => { await server?.close(); });

const oppUpdate = (id: string, d: Record<string, unknown>) => t.api(`mutation($id: ID!, $d: OpportunityUpdateInput!) { updateOpportunity(id: $id, data: $d) { id } }`, { id, d });

describe('creates', () => {
  it('single creates: every aggregate, children without a value or the lookup left out of what they leave out', async () => {
    const a = await createAccount(t, 'single');
    expect(await expectRecount(t, a)).toEqual({ opps: 0, total: 0, smallest: null, largest: null, average: null, won: 0 });
    await createOpp(t, { name: 'o1', account: a, amount: 10, stage: 'won' });
    await createOpp(t, { name: 'o2', account: a, amount: 2.25 });
    await createOpp(t, { name: 'o3', account: a });
    await createOpp(t, { name: 'orphan', amount: 1000 });
    expect(await expectRecount(t, a)).toMatchObject({ opps: 3, total: 12.25, smallest: 2.25, largest: 10, average: 6.125, won: 10 });
  });

  it('a bulk create over several parents moves each parent once (locks in id order)', async () => {
    const [a, b] = [await createAccount(t, 'bulk a'), await createAccount(t, 'bulk b')];
    const d = Array.from({ length: 40 }, (_, i) => ({ name: `b${i}`, account: i % 2 ? a : b, amount: i, stage: i % 3 ? 'open' : 'won' }));
    ok(await t.api(`mutation($d: [OpportunityCreateInput!]!) { createOpportunities(data: $d) { id } }`, { d }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 20, smallest: 1, largest: 39 });
    expect(await expectRecount(t, b)).toMatchObject({ opps: 20, smallest: 0, largest: 38 });
  });

  it('a plugin command creating through its local API keeps them', async () => {
    const a = await createAccount(t, 'command');
    ok(await t.api(`mutation($id: ID!, $i: JSON) { accountSpawn(id: $id, input: $i) }`, { id: a, i: { amount: 7 } }));
    ok(await t.api(`mutation($id: ID!, $i: JSON) { accountSpawn(id: $id, input: $i) }`, { id: a, i: { amount: 3 } }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 2, total: 10, won: 10, smallest: 3 });
  });

  it('upserts, both branches', async () => {
    const a = await createAccount(t, 'upsert');
    const upsert = (amount: number) => t.api(`mutation($d: OpportunityCreateInput!) { upsertOpportunity(match: {code: "u-1"}, data: $d) { id } }`, { d: { name: 'u', code: 'u-1', account: a, amount } });
    ok(await upsert(5));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, total: 5 });
    ok(await upsert(8));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, total: 8, smallest: 8 });
  });
});

describe('updates', () => {
  it('changing the value: SUM and AVG by deltas; MIN/MAX asked again only when the extreme leaves', async () => {
    const a = await createAccount(t, 'values');
    const ids = [await createOpp(t, { name: 'v1', account: a, amount: 1 }), await createOpp(t, { name: 'v2', account: a, amount: 5 }), await createOpp(t, { name: 'v3', account: a, amount: 9 })];
    ok(await oppUpdate(ids[0], { amount: 4 }));
    expect(await expectRecount(t, a)).toMatchObject({ smallest: 4, largest: 9, total: 18 });
    ok(await oppUpdate(ids[2], { amount: 2 }));
    expect(await expectRecount(t, a)).toMatchObject({ smallest: 2, largest: 5, total: 11 });
    ok(await oppUpdate(ids[1], { amount: null }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 3, smallest: 2, largest: 4, total: 6, average: 3 });
  });

  it('the filter\'s outcome changing moves the child in or out of the filtered roll-up', async () => {
    const a = await createAccount(t, 'filtered');
    const o = await createOpp(t, { name: 'f1', account: a, amount: 100, stage: 'open' });
    expect((await rollupsOf(t, a)).won).toBe(0);
    ok(await oppUpdate(o, { stage: 'won' }));
    expect(await expectRecount(t, a)).toMatchObject({ won: 100 });
    ok(await oppUpdate(o, { stage: 'lost' }));
    expect(await expectRecount(t, a)).toMatchObject({ won: 0, total: 100 });
  });

  it('moving a child between parents, by GraphQL and by a command, moves it out of one and into the other', async () => {
    const [a, b] = [await createAccount(t, 'from'), await createAccount(t, 'to')];
    const o = await createOpp(t, { name: 'm1', account: a, amount: 50, stage: 'won' });
    await createOpp(t, { name: 'm2', account: a, amount: 20 });
    ok(await oppUpdate(o, { account: b }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, largest: 20, won: 0 });
    expect(await expectRecount(t, b)).toMatchObject({ opps: 1, largest: 50, won: 50 });
    ok(await t.api(`mutation($id: ID!, $i: JSON) { accountSpawn(id: $id, input: $i) }`, { id: a, i: { move: o, to: a } }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 2, largest: 50, won: 50 });
    expect(await expectRecount(t, b)).toEqual({ opps: 0, total: 0, smallest: null, largest: null, average: null, won: 0 });
    ok(await oppUpdate(o, { account: null }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, total: 20 });
  });

  it('a bulk update moving many children across parents', async () => {
    const [a, b] = [await createAccount(t, 'bulk from'), await createAccount(t, 'bulk to')];
    for (let i = 0; i < 6; i++) await createOpp(t, { name: `bu${i}`, account: i < 3 ? a : b, amount: i + 1, stage: 'bulkmove' });
    ok(await t.api(`mutation { updateOpportunities(filter: {stage: {eq: "bulkmove"}, amount: {gte: 2, lte: 4}}, data: {account: "${b}", stage: "won"}) { count } }`));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, total: 1 });
    expect(await expectRecount(t, b)).toMatchObject({ opps: 5, total: 20, won: 9 });
  });
});

describe('deletes and restores', () => {
  it('single and bulk deletes take children out; restores put them back (a command\'s delete too)', async () => {
    const a = await createAccount(t, 'deletes');
    const ids = [];
    for (let i = 1; i <= 5; i++) ids.push(await createOpp(t, { name: `d${i}`, account: a, amount: i * 10, stage: 'won' }));
    ok(await t.api(`mutation($id: ID!) { deleteOpportunity(id: $id) { id } }`, { id: ids[4] }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 4, largest: 40 });
    ok(await t.api(`mutation($id: ID!, $i: JSON) { accountSpawn(id: $id, input: $i) }`, { id: a, i: { drop: ids[0] } }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 3, smallest: 20 });
    ok(await t.api(`mutation($ids: [ID!]) { deleteOpportunities(filter: {id: {in: $ids}}) { count } }`, { ids: ids.slice(1, 3) }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 1, total: 40, smallest: 40, largest: 40 });
    ok(await t.api(`mutation($id: ID!) { restoreOpportunity(id: $id) { id } }`, { id: ids[4] }));
    ok(await t.api(`mutation($id: ID!) { restoreOpportunity(id: $id) { id } }`, { id: ids[0] }));
    expect(await expectRecount(t, a)).toMatchObject({ opps: 3, smallest: 10, largest: 50, won: 100 });
  });

  it('a deletion cascading to master-detail children moves the roll-ups they feed elsewhere; its restore moves them back', async () => {
    const t2 = await rollupTenant(server, [
      { name: 'product', fields: [{ name: 'name', type: 'text' }, { name: 'sold', type: 'rollup', relation: 'line.product', aggregate: 'SUM', field: 'qty' }, { name: 'lineCount', type: 'rollup', relation: 'line.product', aggregate: 'COUNT' }] },
      { name: 'order', fields: [{ name: 'name', type: 'text' }] },
      { name: 'line', fields: [{ name: 'order', type: 'masterDetail', target: 'order' }, { name: 'product', type: 'lookup', target: 'product' }, { name: 'qty', type: 'integer' }] },
    ]);
    const product = ok(await t2.api(`mutation { createProduct(data: {name: "p"}) { id } }`)).createProduct.id;
    const order = ok(await t2.api(`mutation { createOrder(data: {name: "o"}) { id } }`)).createOrder.id;
    ok(await t2.api(`mutation($d: [LineCreateInput!]!) { createLines(data: $d) { id } }`, { d: [{ order, product, qty: 2 }, { order, product, qty: 3 }] }));
    const read = async () => ok(await t2.api(`query($id: ID!) { product(id: $id) { sold lineCount } }`, { id: product })).product;
    expect(await read()).toEqual({ sold: 5, lineCount: 2 });
    ok(await t2.api(`mutation($id: ID!) { deleteOrder(id: $id) { id } }`, { id: order }));
    expect(await read()).toEqual({ sold: 0, lineCount: 0 });
    ok(await t2.api(`mutation($id: ID!) { restoreOrder(id: $id) { id } }`, { id: order }));
    expect(await read()).toEqual({ sold: 5, lineCount: 2 });
  });
});

describe('merges', () => {
  it('merging accounts re-points the duplicates\' children to the master: both sides move', async () => {
    const [m, d] = [await createAccount(t, 'master'), await createAccount(t, 'duplicate')];
    await createOpp(t, { name: 'mm', account: m, amount: 1 });
    await createOpp(t, { name: 'md', account: d, amount: 99, stage: 'won' });
    ok(await t.api(`mutation($m: ID!, $d: [ID!]!) { mergeAccount(masterId: $m, duplicateIds: $d) { id } }`, { m, d: [d] }));
    expect(await expectRecount(t, m)).toMatchObject({ opps: 2, total: 100, won: 99 });
    // The duplicate is deleted (restorable): its stored roll-ups say it has no children left.
    const [stored] = await t.sql(`select opps, total from "${t.schema}"."account" where id = $1`, [d]);
    expect([Number(stored.opps), Number(stored.total)]).toEqual([0, 0]);
  });
});

describe('reads and read-only', () => {
  it('filters and sorts like a stored number', async () => {
    const res = ok(await t.api(`query { accounts(filter: {opps: {gte: 3}}, orderBy: [{total: DESC}], first: 3) { nodes { name opps total } } }`));
    expect(res.accounts.nodes.length).toBeGreaterThan(0);
    const totals = res.accounts.nodes.map((n: any) => n.total);
    expect([...totals].sort((x, y) => y - x)).toEqual(totals);
    expect(res.accounts.nodes.every((n: any) => n.opps >= 3)).toBe(true);
  });

  it('no input takes it, and a local API write of it is VALIDATION_FAILED at its pointer', async () => {
    expect(refused(await t.api(`mutation { createAccount(data: {name: "x", opps: 3}) { id } }`)).message).toMatch(/opps/);
    const a = await createAccount(t, 'readonly');
    const error = refused(await t.api(`mutation($id: ID!, $i: JSON) { accountSpawn(id: $id, input: $i) }`, { id: a, i: { write: { name: 'y', total: 5 } } }));
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.errors ?? error.extensions.details).toEqual([expect.objectContaining({ pointer: '/data/0/total' })]);
  });
});
