import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Scripts and roll-ups (issue 13, item 3; the platform's side: platform/test/rollups/): children a
 * script creates, moves and deletes through `ctx.db` — from an action and from an after-trigger —
 * keep the parent's roll-ups, and a script can no more write a roll-up than a client can.
 */
let server: RunningServer;
let t: Tenant;

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, {
    objects: [
      { name: 'account', fields: [{ name: 'name', type: 'text' }, { name: 'opps', type: 'rollup', relation: 'opportunity.account', aggregate: 'COUNT' }, { name: 'total', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount' }, { name: 'largest', type: 'rollup', relation: 'opportunity.account', aggregate: 'MAX', field: 'amount' }] },
      { name: 'opportunity', fields: [{ name: 'name', type: 'text' }, { name: 'account', type: 'lookup', target: 'account' }, { name: 'amount', type: 'number' }] },
    ],
  });
  await activate(t, 'rollups', `
export const triggers = {
  opportunity: {
    // An update writing only the name: the trigger puts an amount in it, which the roll-ups must follow.
    beforeUpdate(ctx) { for (const r of ctx.records) if (typeof r.name === 'string' && r.name.startsWith('bump')) r.amount = 7; },
    async afterCreate(ctx) { for (const r of ctx.records) if (r.name === 'big') await ctx.db.create('opportunity', { name: 'follow-up', account: r.account, amount: 1 }); },
  },
};
export const actions = {
  account: {
    add: { async run(ctx, args) { await ctx.db.create('opportunity', { name: 'scripted', account: args.id, amount: args.input.amount }); return null; } },
    move: { async run(ctx, args) { await ctx.db.update('opportunity', args.input.opp, { account: args.id }); return null; } },
    drop: { async run(ctx, args) { await ctx.db.delete('opportunity', args.input.opp); return null; } },
    forge: { async run(ctx, args) { await ctx.db.update('account', args.id, { total: 1 } as never); return null; } },
  },
};`);
});
afterAll(async () => { await server?.close(); });

const ok = (res: any) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const read = async (id: string) => ok(await t.api('query($id: ID!) { account(id: $id) { opps total largest } }', { id })).account;

describe('roll-ups and scripts', () => {
  it('ctx.db creates, moves and deletes from actions and after-triggers keep them', async () => {
    const a = ok(await t.api('mutation { createAccount(data: {name: "a"}) { id } }')).createAccount.id;
    const b = ok(await t.api('mutation { createAccount(data: {name: "b"}) { id } }')).createAccount.id;
    ok(await t.api('mutation($id: ID!, $i: JSON) { accountAdd(id: $id, input: $i) }', { id: a, i: { amount: 40 } }));
    const big = ok(await t.api('mutation($a: ID!) { createOpportunity(data: {name: "big", account: $a, amount: 100}) { id } }', { a })).createOpportunity.id;
    expect(await read(a)).toEqual({ opps: 3, total: 141, largest: 100 });
    ok(await t.api('mutation($id: ID!, $i: JSON) { accountMove(id: $id, input: $i) }', { id: b, i: { opp: big } }));
    expect([await read(a), await read(b)]).toEqual([{ opps: 2, total: 41, largest: 40 }, { opps: 1, total: 100, largest: 100 }]);
    ok(await t.api('mutation($id: ID!, $i: JSON) { accountDrop(id: $id, input: $i) }', { id: b, i: { opp: big } }));
    expect(await read(b)).toEqual({ opps: 0, total: 0, largest: null });
  });

  it('an update writing no field a roll-up reads, whose before-trigger writes one, keeps them', async () => {
    const a = ok(await t.api('mutation { createAccount(data: {name: "bumped"}) { id } }')).createAccount.id;
    const o = ok(await t.api('mutation($a: ID!) { createOpportunity(data: {name: "o", account: $a, amount: 100}) { id } }', { a })).createOpportunity.id;
    ok(await t.api('mutation($id: ID!) { updateOpportunity(id: $id, data: {name: "renamed"}) { id } }', { id: o }));
    expect(await read(a)).toEqual({ opps: 1, total: 100, largest: 100 });
    ok(await t.api('mutation($id: ID!) { updateOpportunity(id: $id, data: {name: "bump"}) { id } }', { id: o }));
    expect(await read(a)).toEqual({ opps: 1, total: 7, largest: 7 });
  });

  it('ctx.db writing a roll-up is refused at its pointer', async () => {
    const a = ok(await t.api('mutation { createAccount(data: {name: "forged"}) { id } }')).createAccount.id;
    const res = await t.api('mutation($id: ID!) { accountForge(id: $id) }', { id: a });
    expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('SCRIPT_ERROR');
    expect(res.errors?.[0].extensions?.error).toBe('VALIDATION_FAILED: Invalid account: /data/total is read-only: the platform assigns it');
  });
});
