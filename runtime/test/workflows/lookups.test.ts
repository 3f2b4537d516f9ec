import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { startApprovalServer } from '../approvals/support.ts';
import { wfTenant, type WfTenant } from './support.ts';

/**
 * Expressions of workflows and approval flows read through lookups (`buyer.creditLimit`), as
 * validation rules and formulas do. The records API holds a lookup as an id; the evaluator refuses
 * to guess through one ("the evaluator needs its record"), so a trigger condition, a branch, a wait,
 * an entry criterion, a node condition or an outcome value following a lookup failed its run, its
 * delivery or its submission. The record is now read with the lookups its expressions follow loaded in.
 */
let server: RunningServer;
let t: WfTenant;

const BUYER = { name: 'buyer', fields: [{ name: 'name', type: 'text', required: true }, { name: 'creditLimit', type: 'integer' }, { name: 'region', type: 'lookup', target: 'area', relationName: 'buyers' }] };
const AREA = { name: 'area', fields: [{ name: 'name', type: 'text', required: true }] };
const DEAL = { name: 'deal', fields: [
  { name: 'name', type: 'text', required: true }, { name: 'amount', type: 'integer' }, { name: 'buyer', type: 'lookup', target: 'buyer', relationName: 'deals' },
  { name: 'status', type: 'text' }, { name: 'note', type: 'text' },
] };

beforeAll(async () => {
  server = await startApprovalServer();
  t = await wfTenant(server, [AREA, BUYER, DEAL]);
  await t.apply({
    workflows: [{ name: 'creditCheck', object: 'deal', trigger: { type: 'record', on: ['update'], fields: ['status'], condition: 'status = "submitted"' }, steps: [
      { id: 'over', type: 'branch', branches: [{ when: 'amount > buyer.creditLimit', next: 'approval' }], otherwise: 'ok' },
      { id: 'ok', type: 'update', data: { status: 'approved', note: { expr: '"within " & buyer.name & " of " & buyer.region.name' } }, next: 'end' },
      { id: 'approval', type: 'startApproval', flow: 'overCredit' },
    ] }],
    approvalFlows: [{
      name: 'overCredit', object: 'deal', entryCriteria: 'amount > buyer.creditLimit',
      onApproved: { update: { status: 'approved', note: { expr: '"over the limit of " & buyer.name' } } },
      nodes: [
        { id: 'admin', mode: 'any', approvers: [{ type: 'user', users: [t.adminId] }] },
        { id: 'twice', mode: 'any', condition: 'amount > 2 * buyer.creditLimit', approvers: [{ type: 'user', users: [t.adminId] }] },
      ],
    }],
  });
}, 180_000);
afterAll(async () => { await server?.close(); });

const deal = async (id: string) => (await t.api('query($id: ID!) { deal(id: $id) { status note } }', { id })).deal;
async function settled<T>(check: () => Promise<T | false | undefined>): Promise<T> {
  return t.until(async () => { await t.advance('PT1S'); return check(); }, 60_000);
}

describe('expressions through lookups in workflows and approvals', () => {
  it('a record trigger\'s condition and a wait\'s condition read through a lookup', async () => {
    await t.apply({ workflows: [
      { name: 'bigBuyer', object: 'deal', trigger: { type: 'record', on: ['create'], condition: 'buyer.creditLimit >= 1000' }, steps: [{ id: 'mark', type: 'update', data: { note: 'big buyer' } }] },
      { name: 'waitForBig', object: 'deal', trigger: { type: 'manual' }, steps: [{ id: 'big', type: 'wait', condition: 'buyer.creditLimit > 500' }, { id: 'mark', type: 'update', data: { status: 'upgraded' } }] },
    ] });
    const { createBuyer: small } = await t.api('mutation { createBuyer(data: {name: "Small", creditLimit: 100}) { id } }');
    const { createBuyer: big } = await t.api('mutation { createBuyer(data: {name: "Big", creditLimit: 5000}) { id } }');
    const { createDeal: a } = await t.api('mutation($b: ID!) { createDeal(data: {name: "a", buyer: $b}) { id } }', { b: big.id });
    const { createDeal: b } = await t.api('mutation($b: ID!) { createDeal(data: {name: "b", buyer: $b}) { id } }', { b: small.id });
    expect(await settled(async () => (await deal(a.id)).note === 'big buyer')).toBe(true);
    expect((await deal(b.id)).note).toBeNull();
    expect((await t.runs('bigBuyer')).map((r: any) => [r.recordId, r.status])).toEqual([[a.id, 'completed']]);
    await t.api('mutation($id: ID!) { runWorkflow(name: "waitForBig", object: "deal", id: $id) }', { id: b.id });
    await settled(async () => (await t.runs('waitForBig'))[0]?.status === 'waiting');
    await t.api('mutation($id: ID!, $b: ID!) { updateDeal(id: $id, data: {buyer: $b}) { id } }', { id: b.id, b: big.id });
    expect(await settled(async () => (await deal(b.id)).status === 'upgraded')).toBe(true);
    await t.apply({ workflows: [{ name: 'bigBuyer', object: 'deal', active: false, trigger: { type: 'record', on: ['create'], condition: 'buyer.creditLimit >= 1000' }, steps: [{ id: 'mark', type: 'update', data: { note: 'big buyer' } }] }] });
  });

  it('a branch and an update value read through one and two lookups', async () => {
    const { createArea: area } = await t.api('mutation { createArea(data: {name: "North"}) { id } }');
    const { createBuyer: buyer } = await t.api('mutation($a: ID!) { createBuyer(data: {name: "Acme", creditLimit: 100, region: $a}) { id } }', { a: area.id });
    const { createDeal: d } = await t.api('mutation($b: ID!) { createDeal(data: {name: "small", amount: 50, buyer: $b}) { id } }', { b: buyer.id });
    await t.api('mutation($id: ID!) { updateDeal(id: $id, data: {status: "submitted"}) { id } }', { id: d.id });
    expect(await settled(async () => { const x = await deal(d.id); return x.status === 'approved' && x; })).toEqual({ status: 'approved', note: 'within Acme of North' });
    expect((await t.runs('creditCheck')).map((r: any) => [r.status, r.error])).toEqual([['completed', null]]);
  });

  it('entry criteria, a node condition and an outcome value read through a lookup', async () => {
    const { createBuyer: buyer } = await t.api('mutation { createBuyer(data: {name: "Beta", creditLimit: 100}) { id } }');
    const { createDeal: d } = await t.api('mutation($b: ID!) { createDeal(data: {name: "big", amount: 150, buyer: $b}) { id } }', { b: buyer.id });
    // Within the entry criteria only when over the buyer's limit: the flow is offered.
    expect((await t.api('query($id: ID!) { approvalFlowsFor(object: "deal", id: $id) }', { id: d.id })).approvalFlowsFor.map((f: any) => f.name)).toEqual(['overCredit']);
    await t.api('mutation($id: ID!) { updateDeal(id: $id, data: {status: "submitted"}) { id } }', { id: d.id });
    const request = await settled(async () => (await t.api('query($id: ID!) { approvalRequests(object: "deal", id: $id) }', { id: d.id })).approvalRequests[0]);
    expect(request.node).toBe('admin');
    const [task] = (await t.api('{ myApprovalTasks(status: "pending") }')).myApprovalTasks;
    await t.api('mutation($t: ID!) { approve(task: $t) }', { t: task.id });
    // 150 is not over twice the limit: the second node is skipped, the outcome reads the buyer's name.
    expect(await settled(async () => { const x = await deal(d.id); return x.status === 'approved' && x; })).toEqual({ status: 'approved', note: 'over the limit of Beta' });
  });
});
