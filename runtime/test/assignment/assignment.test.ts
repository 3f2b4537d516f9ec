import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { gql, metadataClient } from '../../../platform/test/support/server.ts';
import { assignTenant, startAssignmentServer, type AssignTenant } from './support.ts';

/**
 * Assignment rules (分配) on the test clock, each outcome counted by hand: the rep the customer
 * named, load-balanced by capacity and load, round-robin with a durable cursor that skips a full rep,
 * best-scored records to the best performers with quantity balance, caps (nobody with room: the
 * record stays in the public pool with NO_CAPACITY), the manual "apply assignment rules", and N
 * parallel creates spread evenly by round-robin.
 */
let server: RunningServer;
let t: AssignTenant;
const u: Record<string, string> = {};

beforeAll(async () => {
  server = await startAssignmentServer();
  t = await assignTenant(server);
  for (const name of ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'kim', 'gus', 'hal', 'ivy', 'jon']) u[name] = await t.user(name);
  await t.setClock('2031-03-03T01:00:00Z');
  // Performance: fay won 500, eve 100 (and lost 1000, which does not count), kim nothing.
  await t.api('mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: [
    { name: 'D1', status: 'Won', amount: 100, owner: u.eve }, { name: 'D2', status: 'Lost', amount: 1000, owner: u.eve }, { name: 'D3', status: 'Won', amount: 500, owner: u.fay },
  ] });
  await t.apply({
    pools: [{ name: 'leads', object: 'lead', default: true, privateCap: 3 }],
    assignmentRules: [
      { name: 'named', object: 'lead', order: 1, when: 'NOT(ISBLANK(rep))', strategy: 'named', userField: 'rep' },
      { name: 'partners', object: 'lead', order: 2, when: 'channel = "partner"', strategy: 'loadBalanced', team: [{ type: 'user', users: [u.cat, u.dan] }], capacities: [{ user: u.cat, capacity: 3 }, { user: u.dan, capacity: 1 }] },
      { name: 'web', object: 'lead', order: 3, when: 'channel = "web"', strategy: 'roundRobin', team: [{ type: 'user', users: [u.ann, u.bob] }] },
      { name: 'best', object: 'lead', order: 4, when: 'channel = "fair"', strategy: 'bestToBest', team: [{ type: 'user', users: [u.eve, u.fay, u.kim] }], scoreField: 'score',
        performance: { object: 'deal', measure: 'amount', field: 'status', won: ['Won'], amountField: 'amount', window: 'P30D' } },
      { name: 'ads', object: 'lead', order: 5, when: 'channel = "ads"', strategy: 'roundRobin', team: [{ type: 'user', users: [u.hal, u.ivy, u.jon] }] },
    ],
  });
}, 180_000);
afterAll(async () => { await server?.close(); });

const log = async (id: string) => (await t.api('query($id: ID!) { assignmentLog(object: "lead", id: $id) }', { id })).assignmentLog;

describe('the kind', () => {
  it('refuses rules the model refuses, with pointers', async () => {
    const bad = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { assignmentRules: [
      { name: 'broken', object: 'lead', strategy: 'bestToBest', when: 'channel +', scoreField: 'name' },
    ] } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = (bad.errors as any)[0].extensions.errors.map((e: any) => e.pointer);
    for (const p of ['/when', '/team', '/scoreField', '/performance']) expect(pointers.some((x: string) => x.endsWith(p))).toBe(true);
  });
});

describe('strategies', () => {
  it('named: the rep the customer named gets the record, before any other rule', async () => {
    const [id] = await t.leads([{ channel: 'web', rep: u.gus }]);
    expect(await t.owners([id])).toEqual([u.gus]);
    expect((await log(id)).map((l: any) => [l.rule, l.owner])).toEqual([['named', u.gus]]);
    expect((await t.poolHistory(id)).map((h: any) => [h.action, h.reason, h.to])).toEqual([['ASSIGN', 'named', u.gus]]);
  });

  it('loadBalanced: lowest load / capacity first (cat 3, dan 1); nobody with room leaves the record public with NO_CAPACITY', async () => {
    // cat 0/3 = dan 0/1 → cat (first); cat 1/3 > dan 0/1 → dan; dan 1/1 full → cat, cat.
    const ids = await t.leads([1, 2, 3, 4].map(() => ({ channel: 'partner' })));
    expect(await t.owners(ids)).toEqual([u.cat, u.dan, u.cat, u.cat]);
    const [left] = await t.leads([{ channel: 'partner' }]);
    expect(await t.owners([left])).toEqual([null]);
    expect(await log(left)).toMatchObject([{ rule: 'partners', owner: null, reason: 'NO_CAPACITY' }]);
  });

  it('roundRobin: turns in team order across writes (a durable cursor); a full rep\'s turn passes; the cap holds', async () => {
    const first = await t.leads([{ channel: 'web' }, { channel: 'web' }, { channel: 'web' }]);
    expect(await t.owners(first)).toEqual([u.ann, u.bob, u.ann]);
    const next = [];
    for (let i = 0; i < 3; i++) next.push(...(await t.leads([{ channel: 'web' }])));
    // bob, ann (3: full), bob (3: full)
    expect(await t.owners(next)).toEqual([u.bob, u.ann, u.bob]);
    const [none] = await t.leads([{ channel: 'web' }]);
    expect(await t.owners([none])).toEqual([null]);
    // bob gives one back: the cursor is at ann (full), so bob takes the turn.
    await t.api('mutation($ids: [ID!]!) { releaseRecords(object: "lead", ids: $ids, reason: "test") }', { ids: [next[2]] });
    const [again] = await t.leads([{ channel: 'web' }]);
    expect(await t.owners([again])).toEqual([u.bob]);
  });

  it('bestToBest: best-scored to the best performers, one each per round (fay 500 > eve 100 > kim 0)', async () => {
    // In score order 95, 60, 20: 95 → fay (best of 3), 60 → eve (better of the 2 left), 20 → kim.
    const ids = await t.leads([{ channel: 'fair', score: 20 }, { channel: 'fair', score: 95 }, { channel: 'fair', score: 60 }]);
    expect(await t.owners(ids)).toEqual([u.kim, u.fay, u.eve]);
    // A new round: 10 → the last of all three (kim); then 90 → the best of those left (fay).
    const [low] = await t.leads([{ channel: 'fair', score: 10 }]);
    const [high] = await t.leads([{ channel: 'fair', score: 90 }]);
    expect(await t.owners([low, high])).toEqual([u.kim, u.fay]);
  });

  it('applyAssignmentRules: a manager applies the rules to records that exist; ASSIGN in the pool history', async () => {
    const [id] = await t.leads([{ channel: 'fair', score: 50, owner: t.adminId }]);
    expect(await t.owners([id])).toEqual([t.adminId]);
    // Counts this round: fay 2, kim 2, eve 1 → eve.
    const res = (await t.api('mutation($ids: [ID!]!) { applyAssignmentRules(object: "lead", ids: $ids) }', { ids: [id] })).applyAssignmentRules;
    expect(res).toEqual({ assigned: [{ id, owner: u.eve, rule: 'best' }], unassigned: [] });
    expect((await t.poolHistory(id)).at(-1)).toMatchObject({ action: 'ASSIGN', reason: 'best', from: t.adminId, to: u.eve });
  });
});

describe('concurrency', () => {
  it('N parallel creates are spread evenly by round-robin', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      gql(server, '/graphql', t.apiKey, 'mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { name: `Par ${i}`, channel: 'ads' } }).then((r: any) => {
        expect(r.errors).toBeUndefined();
        return r.data.createLead.id as string;
      })));
    const owners = await t.owners(ids);
    for (const rep of [u.hal, u.ivy, u.jon]) expect(owners.filter((o) => o === rep)).toHaveLength(2);
  }, 60_000);
});
