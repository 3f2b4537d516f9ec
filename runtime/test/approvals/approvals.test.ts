import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { approvalTenant, startApprovalServer, type ApprovalTenant, type User } from './support.ts';

/** Approval flows on the test clock: the 3-node order approval, escalation in business hours, every operation, the lock, versions and migration. */
let server: RunningServer;
let t: ApprovalTenant;
let rep: User, salesMgr: User, areaA: User, areaB: User, finance: User, director: User, v1: User, v2: User, v3: User;

beforeAll(async () => {
  server = await startApprovalServer();
  t = await approvalTenant(server);
  salesMgr = await t.user('Sales manager');
  rep = await t.user('Rep', salesMgr.id);
  [areaA, areaB, finance, director, v1, v2, v3] = await Promise.all(['Area A', 'Area B', 'Finance', 'Director', 'Voter 1', 'Voter 2', 'Voter 3'].map((n) => t.user(n, salesMgr.id)));
}, 180_000);
afterAll(async () => { await server?.close(); });

const newOrder = async (as: User, name: string, amount = 5000) => (await as.api('mutation($n: String!, $a: Int) { createOrder(data: {name: $n, amount: $a}) { id } }', { n: name, a: amount })).createOrder.id as string;
const order = async (id: string) => (await t.api('query($id: ID!) { order(id: $id) { name amount status note } }', { id })).order;
const submit = (as: User, id: string, flow?: string) => as.api('mutation($id: ID!, $f: String) { submitForApproval(object: "order", id: $id, flow: $f) }', { id, f: flow ?? null }).then((r) => r.submitForApproval);
const act = (as: User, verb: 'approve' | 'reject', task: string, extra = '', v: Record<string, unknown> = {}) => as.api(`mutation($t: ID!${Object.keys(v).map((k) => `, $${k}: String`).join('')}) { ${verb}(task: $t${extra}) }`, { t: task, ...v }).then((r) => r[verb]);
const approveAs = async (id: string, ...who: User[]) => { for (const u of who) await act(u, 'approve', await t.taskOf(id, u)); };

describe('the 3-node order approval', () => {
  it('或签 of 2 area managers → 会签 of finance and the director → 票签 of 3 at 2/3; reject back to node 1, reject to the submitter, resubmit, approve; outcomes and a workflow', async () => {
    await t.apply({
      approvalFlows: [{
        name: 'orderApproval', object: 'order', entryCriteria: 'amount > 1000',
        onSubmit: { update: { status: 'Pending' } }, onApproved: { update: { status: 'Approved' } }, onRejected: { update: { status: { expr: '"Rejected at " & TEXT(amount)' } } },
        nodes: [
          { id: 'area', label: { en: 'Area managers', zh: '区域经理' }, mode: 'any', approvers: [{ type: 'user', users: [areaA.id, areaB.id] }] },
          { id: 'finance', mode: 'all', approvers: [{ type: 'user', users: [finance.id] }, { type: 'user', users: [director.id] }] },
          { id: 'committee', mode: 'vote', threshold: 0.66, approvers: [{ type: 'user', users: [v1.id, v2.id, v3.id] }] },
        ],
      }],
      workflows: [{ name: 'afterApproval', object: 'order', trigger: { type: 'approval', flows: ['orderApproval'], outcomes: ['approved'] }, steps: [{ id: 'ship', type: 'update', data: { note: 'ship it' } }] }],
    });
    const small = await newOrder(rep, 'Small', 10);
    const refused = await rep.raw('mutation($id: ID!) { submitForApproval(object: "order", id: $id) }', { id: small });
    expect(refused.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });

    const id = await newOrder(rep, 'Big order');
    expect(await submit(rep, id)).toMatchObject({ flow: 'orderApproval', version: 1, status: 'pending', node: 'area' });
    expect((await order(id)).status).toBe('Pending');
    const again = await rep.raw('mutation($id: ID!) { submitForApproval(object: "order", id: $id) }', { id });
    expect(again.errors[0].extensions.code).toBe('CONFLICT');
    // 或签: one of the two decides; the other's task goes.
    expect((await areaB.api('{ myApprovalTasks(status: "pending") }')).myApprovalTasks.map((x: any) => x.request.recordId)).toEqual([id]);
    await approveAs(id, areaA);
    let [req] = await t.requests(id);
    expect(req.node).toBe('finance');
    expect(req.tasks.filter((x: any) => x.node === 'area').map((x: any) => [x.assignee, x.status])).toEqual([[areaA.id, 'approved'], [areaB.id, 'cancelled']]);
    // 会签: finance approves, the director sends it back to node 1.
    await approveAs(id, finance);
    expect((await t.requests(id))[0].node).toBe('finance');
    const bad = await director.raw('mutation($t: ID!) { reject(task: $t, toNode: "committee") }', { t: await t.taskOf(id, director) });
    expect(bad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/toNode' }] });
    await act(director, 'reject', await t.taskOf(id, director), ', comment: $c, toNode: $n', { c: '区域意见不清楚', n: 'area' });
    [req] = await t.requests(id);
    expect(req).toMatchObject({ status: 'pending', node: 'area' });
    expect(req.events.find((e: any) => e.action === 'rejected')).toMatchObject({ actor: director.id, comment: '区域意见不清楚', node: 'finance' });
    await approveAs(id, areaB, finance, director);
    expect((await t.requests(id))[0].node).toBe('committee');
    // 票签: two votes against of three cannot reach 2/3 any more: rejected to the submitter.
    await act(v1, 'reject', await t.taskOf(id, v1));
    expect((await t.requests(id))[0].node).toBe('committee');
    await act(v2, 'reject', await t.taskOf(id, v2), ', comment: $c', { c: 'too expensive' });
    [req] = await t.requests(id);
    expect(req.status).toBe('rejected');
    expect((await order(id)).status).toBe('Rejected at 5000');
    expect(req.nodes.map((n: any) => [n.id, n.state])).toEqual([['area', 'approved'], ['finance', 'approved'], ['committee', 'rejected']]);
    // Unlocked: the rep edits and resubmits; 2 of 3 votes approve.
    await rep.api('mutation($id: ID!) { updateOrder(id: $id, data: {amount: 4000}) { id } }', { id });
    expect(await submit(rep, id)).toMatchObject({ status: 'pending', node: 'area' });
    await approveAs(id, areaB, finance, director, v3, v1);
    const [latest, first] = await t.requests(id);
    expect(first.status).toBe('rejected');
    expect(latest.status).toBe('approved');
    expect(latest.tasks.filter((x: any) => x.node === 'committee').map((x: any) => x.status).sort()).toEqual(['approved', 'approved', 'cancelled']);
    expect(latest.events.map((e: any) => e.action)).toEqual(['submitted', 'nodeStarted', 'approved', 'nodeApproved', 'nodeStarted', 'approved', 'approved', 'nodeApproved', 'nodeStarted', 'approved', 'approved', 'nodeApproved', 'approved']);
    expect((await order(id)).status).toBe('Approved');
    await t.advance('PT1S');
    expect((await order(id)).note).toBe('ship it');
    expect((await t.runs('afterApproval')).map((r: any) => [r.status, r.trigger.outcome])).toEqual([['completed', 'approved']]);
    expect((await rep.api('{ notifications(unread: true) }')).notifications.unread).toBeGreaterThanOrEqual(2);
  }, 120_000);
});

describe('the lock', () => {
  it('refuses writes of a pending record with LOCKED on GraphQL single and bulk, delete and a script\'s ctx.db; admins are excepted', async () => {
    await t.apply({ approvalFlows: [{ name: 'lockFlow', object: 'order', order: 100, nodes: [{ id: 'one', mode: 'any', approvers: [{ type: 'manager' }] }] }] });
    const saved = await t.meta('mutation($i: SaveScriptInput!) { saveScript(input: $i) { active } }', { i: { name: 'touch', language: 'TS', source: `export const actions = { order: { touch: { async run(ctx) { await ctx.db.update('order', ctx.record.id, { note: 'from a script' }); return null; } } } };` } });
    expect(saved.saveScript.active).toBe(true);
    const id = await newOrder(rep, 'Locked order', 10);
    expect(await submit(rep, id, 'lockFlow')).toMatchObject({ node: 'one' });
    expect((await t.requests(id))[0].tasks[0].assignee).toBe(salesMgr.id); // the submitter's manager
    const single = await rep.raw('mutation($id: ID!) { updateOrder(id: $id, data: {note: "x"}) { id } }', { id });
    expect(single.errors[0].extensions).toMatchObject({ code: 'LOCKED', errors: [{ pointer: '/id' }] });
    expect(single.status).toBe(200);
    const bulk = await rep.raw('mutation { updateOrders(filter: {name: {eq: "Locked order"}}, data: {note: "x"}) { count } }');
    expect(bulk.errors[0].extensions.code).toBe('LOCKED');
    const del = await rep.raw('mutation($id: ID!) { deleteOrder(id: $id) { id } }', { id });
    expect(del.errors[0].extensions.code).toBe('LOCKED');
    const script = await rep.raw('mutation($id: ID!) { orderTouch(id: $id) }', { id });
    expect(script.errors[0].extensions).toMatchObject({ code: 'SCRIPT_ERROR', error: expect.stringMatching(/^LOCKED: /) });
    expect((await order(id)).note).toBeNull();
    await t.api('mutation($id: ID!) { updateOrder(id: $id, data: {note: "admin"}) { id } }', { id }); // the admin
    expect((await order(id)).note).toBe('admin');
    await approveAs(id, salesMgr);
    await rep.api('mutation($id: ID!) { updateOrder(id: $id, data: {note: "free"}) { id } }', { id });
    expect((await order(id)).note).toBe('free');
  }, 120_000);
});
