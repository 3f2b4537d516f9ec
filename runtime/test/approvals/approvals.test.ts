import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { lockHook } from '../../src/approvals/lock.ts';
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

describe('the lock\'s cost', () => {
  it('is no statement for an object that never had an approval flow; the object\'s first flow brings the check', async () => {
    await t.apply({ objects: [{ name: 'memo', fields: [{ name: 'title', type: 'text' }] }] });
    const queries: string[] = [];
    const run = async (object: string) => {
      const { model } = await server.platform.schemas.get(t.id);
      const db = { query: (text: string, values: unknown[]) => { queries.push(text); return server.platform.pool.query(text, values); } };
      const ctx = { principal: { tenantId: t.id, userId: rep.id, isAdmin: false }, model, db } as never;
      await lockHook().run(ctx, { kind: 'update', object: model.objects.get(object)!, records: [{}], ids: [crypto.randomUUID()] });
      return queries.splice(0).filter((q) => q.includes('_approval_requests')).length;
    };
    await run('memo'); // the tenant's flows read once for this metadata version
    expect(await run('memo')).toBe(0);
    expect(queries).toEqual([]);
    await t.apply({ approvalFlows: [{ name: 'memoFlow', object: 'memo', nodes: [{ id: 'one', mode: 'any', approvers: [{ type: 'manager' }] }] }] });
    expect(await run('memo')).toBe(1);
  });
});

describe('escalation in business hours', () => {
  it('a timeout across a 调休 working Saturday escalates to the manager; one across a weekend auto-approves', async () => {
    await t.apply({ approvalFlows: [
      { name: 'escalating', object: 'order', order: 200, nodes: [{ id: 'check', mode: 'any', approvers: [{ type: 'user', users: [areaA.id] }], timeout: { after: 'PT3H', business: true, action: 'escalate' } }] },
      { name: 'autoApprove', object: 'order', order: 201, nodes: [{ id: 'check', mode: 'any', approvers: [{ type: 'user', users: [areaB.id] }], timeout: { after: 'PT3H', business: true, action: 'approve' } }], onApproved: { update: { status: 'Auto' } } },
    ] });
    // Friday 2026-10-09 17:00 Shanghai: 1 h on Friday, then Saturday Oct 10 is a make-up working day: due Saturday 11:00.
    await t.setClock('2026-10-09T09:00:00Z');
    const id = await newOrder(rep, 'Escalated', 10);
    await submit(rep, id, 'escalating');
    await t.setClock('2026-10-10T02:59:00Z');
    expect((await t.requests(id))[0].tasks.map((x: any) => [x.assignee, x.status])).toEqual([[areaA.id, 'pending']]);
    await t.advance('PT2M');
    let [req] = await t.requests(id);
    expect(req.tasks.map((x: any) => [x.assignee, x.status])).toEqual([[areaA.id, 'transferred'], [salesMgr.id, 'pending']]);
    expect(req.events.filter((e: any) => ['timedOut', 'escalated'].includes(e.action)).map((e: any) => [e.action, e.at])).toEqual([['timedOut', '2026-10-10T03:00:00+00:00'], ['escalated', '2026-10-10T03:00:00+00:00']].map(([a, at]) => [a, expect.stringMatching(/^2026-10-10T03:0/)]));
    await approveAs(id, salesMgr);
    expect((await t.requests(id))[0].status).toBe('approved');

    // Friday 2026-10-16 17:00 Shanghai: 1 h on Friday, the weekend does not count, Monday 11:00 (03:00Z).
    await t.setClock('2026-10-16T09:00:00Z');
    const other = await newOrder(rep, 'Auto approved', 10);
    await submit(rep, other, 'autoApprove');
    await t.setClock('2026-10-18T12:00:00Z'); // Sunday
    expect((await t.requests(other))[0].status).toBe('pending');
    await t.setClock('2026-10-19T02:59:00Z');
    expect((await t.requests(other))[0].status).toBe('pending');
    await t.advance('PT2M');
    [req] = await t.requests(other);
    expect(req.status).toBe('approved');
    expect(req.tasks[0]).toMatchObject({ status: 'approved', comment: 'auto-approved on timeout' });
    expect((await order(other)).status).toBe('Auto');
  }, 120_000);
});

describe('operations', () => {
  let a: User, b: User, c: User, d: User, e: User, f: User, g: User, m1: User, m2: User;
  beforeAll(async () => {
    [a, b, c, d, e, f, g, m1, m2] = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'Buyer 1', 'Buyer 2'].map((n) => t.user(n, salesMgr.id)));
    const { rows: [grp] } = await server.platform.pool.query(`insert into tessera.groups (tenant_id, name) values ($1, 'buyers') returning id`, [t.id]);
    await server.platform.pool.query(`insert into tessera.group_members (group_id, member_type, member_id) values ($1, 'user', $2), ($1, 'user', $3)`, [grp.id, m1.id, m2.id]);
    await t.apply({ approvalFlows: [{ name: 'ops', object: 'order', order: 300, cc: [{ type: 'user', users: [c.id] }], nodes: [
      { id: 'first', mode: 'sequential', approvers: [{ type: 'user', users: [a.id, b.id] }] },
      { id: 'buyers', mode: 'any', approvers: [{ type: 'group', group: 'buyers' }] },
    ] }] });
  }, 120_000);
  const status = async (id: string) => (await t.requests(id))[0].tasks.filter((x: any) => x.kind !== 'cc').map((x: any) => [x.assigneeName ?? 'group', x.kind, x.status]);

  it('take back, transfer, delegate-and-return, add and remove approvers, claim, urge, CC read, comment and ask', async () => {
    const id = await newOrder(rep, 'Ops order', 10);
    await submit(rep, id, 'ops');
    await approveAs(id, a);
    await a.api('mutation($t: ID!) { takeBack(task: $t) }', { t: (await t.requests(id))[0].tasks.find((x: any) => x.assignee === a.id).id });
    expect(await status(id)).toEqual([['A', 'approver', 'pending'], ['B', 'approver', 'waiting']]);
    await approveAs(id, a);
    await b.api('mutation($t: ID!, $to: ID!) { transfer(task: $t, to: $to) }', { t: await t.taskOf(id, b), to: d.id });
    await d.api('mutation($t: ID!, $to: ID!) { delegate(task: $t, to: $to) }', { t: await t.taskOf(id, d), to: e.id });
    expect((await t.requests(id))[0].tasks.find((x: any) => x.assignee === d.id).status).toBe('delegated');
    await act(e, 'approve', await t.taskOf(id, e), ', comment: $c', { c: 'looks fine' });
    expect((await t.requests(id))[0].events.at(-1)).toMatchObject({ action: 'delegationReturned', comment: 'looks fine' });
    const dTask = await t.taskOf(id, d); // back with the delegator
    // position is an enum (the contract's BEFORE | AFTER | PARALLEL): a string literal is refused, naming the values.
    const quoted = await d.raw('mutation($t: ID!, $u: [ID!]!) { addApprover(task: $t, users: $u, position: "BEFORE") }', { t: dTask, u: [f.id] });
    expect(quoted.errors[0].message).toMatch(/Enum "Approvals_ApproverPosition" cannot represent non-enum value: "BEFORE"\. Did you mean the enum value "BEFORE"\?/);
    expect(quoted.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await d.api('mutation($t: ID!, $u: [ID!]!) { addApprover(task: $t, users: $u, position: BEFORE) }', { t: dTask, u: [f.id] });
    expect((await t.requests(id))[0].tasks.find((x: any) => x.id === dTask).status).toBe('waiting');
    await approveAs(id, f);
    await d.api('mutation($t: ID!, $u: [ID!]!, $p: Approvals_ApproverPosition!) { addApprover(task: $t, users: $u, position: $p) }', { t: dTask, u: [g.id], p: 'PARALLEL' }); // a variable takes the value's name
    await d.api('mutation($t: ID!, $u: ID!) { removeApprover(task: $t, user: $u) }', { t: dTask, u: g.id });
    await d.api('mutation($t: ID!, $u: [ID!]!) { addApprover(task: $t, users: $u, position: AFTER) }', { t: dTask, u: [g.id] });
    await approveAs(id, d);
    expect((await t.requests(id))[0].node).toBe('first'); // g, added after d, still to approve
    await approveAs(id, g);
    let [req] = await t.requests(id);
    expect(req.node).toBe('buyers');
    // A group's task: claimed by one member; the other cannot; the submitter urges.
    const shared = req.tasks.find((x: any) => x.node === 'buyers');
    expect(shared).toMatchObject({ assignee: null, candidates: [m1.id, m2.id].sort() });
    expect((await m2.api('{ myApprovalTasks(status: "pending") }')).myApprovalTasks.map((x: any) => x.id)).toEqual([shared.id]);
    expect((await m1.raw('mutation($t: ID!) { approve(task: $t) }', { t: shared.id })).errors[0].extensions.code).toBe('FORBIDDEN');
    await m1.api('mutation($t: ID!) { claim(task: $t) }', { t: shared.id });
    expect((await m2.raw('mutation($t: ID!) { claim(task: $t) }', { t: shared.id })).errors[0].extensions.code).toBe('CONFLICT');
    await rep.api('mutation($t: ID!) { urge(task: $t) }', { t: shared.id });
    expect((await m1.api('{ notifications(unread: true) }')).notifications.nodes.map((n: any) => n.title)).toContain('Approval: you are asked to act soon');
    await rep.api('mutation($r: ID!, $u: ID) { commentApproval(request: $r, comment: "能快点吗？", ask: $u) }', { r: req.id, u: m1.id });
    const [cc] = (await c.api('{ myApprovalTasks(status: "cc") }')).myApprovalTasks;
    expect(cc).toMatchObject({ kind: 'cc', readAt: null, request: { recordId: id } });
    await c.api('mutation($t: ID!) { markApprovalRead(task: $t) }', { t: cc.id });
    expect((await c.api('{ myApprovalTasks(status: "cc") }')).myApprovalTasks[0].readAt).not.toBeNull();
    await approveAs(id, m1);
    [req] = await t.requests(id);
    expect(req.status).toBe('approved');
    expect(await status(id)).toEqual([
      ['A', 'approver', 'approved'], ['B', 'approver', 'transferred'], ['D', 'approver', 'approved'], ['E', 'delegate', 'approved'], ['F', 'added', 'approved'],
      ['G', 'added', 'removed'], ['G', 'added', 'approved'], ['Buyer 1', 'approver', 'approved'],
    ]);
    expect(req.events.map((x: any) => x.action)).toEqual(expect.arrayContaining(['takenBack', 'transferred', 'delegated', 'delegationReturned', 'approversAdded', 'approverRemoved', 'claimed', 'urged', 'asked', 'read']));
    expect((await a.api('{ myApprovalTasks(status: "done") }')).myApprovalTasks.map((x: any) => x.request.recordId)).toContain(id);
  }, 120_000);

  it('withdraw by the submitter, terminate by an admin, jump, out-of-office delegation', async () => {
    const w = await newOrder(rep, 'Withdrawn', 10);
    const r = await submit(rep, w, 'ops');
    expect((await a.raw('mutation($r: ID!) { withdraw(request: $r) }', { r: r.id })).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await rep.api('mutation($r: ID!) { withdraw(request: $r) }', { r: r.id })).toMatchObject({ withdraw: { status: 'withdrawn' } });
    await rep.api('mutation($id: ID!) { updateOrder(id: $id, data: {note: "unlocked"}) { id } }', { id: w });

    const x = await newOrder(rep, 'Terminated', 10);
    const rx = await submit(rep, x, 'ops');
    expect((await rep.raw('mutation($r: ID!) { terminate(request: $r) }', { r: rx.id })).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await rep.raw('mutation($r: ID!) { jumpApprovalRequest(request: $r, toNode: "buyers") }', { r: rx.id })).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.api('mutation($r: ID!) { jumpApprovalRequest(request: $r, toNode: "buyers") }', { r: rx.id })).jumpApprovalRequest.node).toBe('buyers');
    expect((await t.api('mutation($r: ID!) { terminate(request: $r) }', { r: rx.id })).terminate.status).toBe('terminated');
    expect(await status(x)).toEqual([['A', 'approver', 'cancelled'], ['B', 'approver', 'cancelled'], ['group', 'approver', 'cancelled']]);

    // A is out of office: their tasks go to D, on A's behalf.
    const now = (await t.meta('{ clock { now } }')).clock.now as string;
    await a.api('mutation($to: ID!, $f: DateTime!, $u: DateTime!) { setApprovalDelegation(to: $to, from: $f, until: $u) }', { to: d.id, f: now, u: new Date(Date.parse(now) + 86_400_000).toISOString() });
    const y = await newOrder(rep, 'Out of office', 10);
    await submit(rep, y, 'ops');
    const [task] = (await t.requests(y))[0].tasks.filter((x: any) => x.kind !== 'cc');
    expect(task).toMatchObject({ assignee: d.id, onBehalfOf: a.id, status: 'pending' });
  }, 120_000);
});

describe('versions', () => {
  it('an active flow edited while requests run: they keep their version; one is migrated node by node after its mapping is validated', async () => {
    const [p, q, s] = await Promise.all(['P', 'Q', 'S'].map((n) => t.user(n, salesMgr.id)));
    const v1 = { name: 'versioned', object: 'order', order: 400, nodes: [{ id: 'n1', mode: 'any', approvers: [{ type: 'user', users: [p.id] }] }, { id: 'n2', mode: 'any', approvers: [{ type: 'user', users: [q.id] }] }] };
    await t.apply({ approvalFlows: [v1] });
    const one = await newOrder(rep, 'On v1', 10);
    const two = await newOrder(rep, 'Also on v1', 10);
    await submit(rep, one, 'versioned');
    const r2 = await submit(rep, two, 'versioned');
    await t.apply({ approvalFlows: [{ ...v1, nodes: [{ id: 'review', mode: 'any', approvers: [{ type: 'user', users: [q.id] }] }, { id: 'sign', mode: 'all', approvers: [{ type: 'user', users: [s.id] }] }] }] });
    const three = await newOrder(rep, 'On v2', 10);
    expect(await submit(rep, three, 'versioned')).toMatchObject({ version: 2, node: 'review' });
    // The running requests finish on version 1.
    await approveAs(one, p);
    expect((await t.requests(one))[0]).toMatchObject({ version: 1, node: 'n2' });
    await approveAs(one, q);
    expect((await t.requests(one))[0].status).toBe('approved');
    // Migration of the other, validated first: nothing changes on a bad mapping.
    const bad = await t.api('mutation($r: ID!, $m: JSON!) { migrateApprovalRequest(request: $r, toVersion: 2, mapping: $m) }', { r: r2.id, m: { n2: 'nowhere' } }).catch((e: Error) => e.message);
    expect(bad).toMatch(/"code":"VALIDATION_FAILED".*"pointer":"\/mapping\/n2","message":"version 2 has no node \\"nowhere\\"".*"pointer":"\/mapping\/n1"/);
    expect((await t.requests(two))[0]).toMatchObject({ version: 1, node: 'n1' });
    expect((await p.raw('mutation($r: ID!, $m: JSON!) { migrateApprovalRequest(request: $r, toVersion: 2, mapping: $m) }', { r: r2.id, m: { n1: 'review' } })).errors[0].extensions.code).toBe('FORBIDDEN');
    const moved = await t.api('mutation($r: ID!, $m: JSON!) { migrateApprovalRequest(request: $r, toVersion: 2, mapping: $m) }', { r: r2.id, m: { n1: 'review', n2: 'sign' } });
    expect(moved.migrateApprovalRequest).toMatchObject({ version: 2, node: 'review', status: 'pending' });
    await approveAs(two, p); // P's task, carried over to node review
    expect((await t.requests(two))[0].node).toBe('sign');
    await approveAs(two, s);
    const [done] = await t.requests(two);
    expect(done).toMatchObject({ version: 2, status: 'approved' });
    expect(done.events.find((x: any) => x.action === 'migrated').data).toMatchObject({ from: { version: 1, node: 'n1' }, to: { version: 2, node: 'review' } });
  }, 120_000);
});
