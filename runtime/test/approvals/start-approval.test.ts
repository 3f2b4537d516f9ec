import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';
import { wfTenant } from '../workflows/support.ts';
import { approvalTenant, startApprovalServer, type ApprovalTenant, type User } from './support.ts';

/**
 * A workflow's `startApproval` step: the approvals plugin offers `approvals.submit` through the
 * plugin services; the run submits as its actor in the step's transaction, the record locks, and the
 * approval's outcome starts the next workflow. Without the approvals plugin the step fails, named.
 */
let server: RunningServer;
let t: ApprovalTenant;
let rep: User, boss: User;

beforeAll(async () => {
  server = await startApprovalServer();
  t = await approvalTenant(server);
  boss = await t.user('Boss');
  rep = await t.user('Rep', boss.id);
}, 180_000);
afterAll(async () => { await server?.close(); });

describe('the startApproval step', () => {
  it('submits a big order when it is created, as the user who created it; the outcome runs a workflow', async () => {
    await t.apply({
      approvalFlows: [{ name: 'bigOrders', object: 'order', entryCriteria: 'amount > 1000', onSubmit: { update: { status: 'Pending' } }, onApproved: { update: { status: 'Approved' } }, nodes: [{ id: 'boss', mode: 'any', approvers: [{ type: 'manager' }] }] }],
      workflows: [
        { name: 'autoSubmit', object: 'order', trigger: { type: 'record', on: ['create'], condition: 'amount > 1000' }, steps: [{ id: 'submit', type: 'startApproval', flow: 'bigOrders' }] },
        { name: 'approved', object: 'order', trigger: { type: 'approval', flows: ['bigOrders'], outcomes: ['approved'] }, steps: [{ id: 'note', type: 'update', data: { note: { expr: '"approved: " & name' } } }] },
      ],
    });
    const small = (await rep.api('mutation { createOrder(data: {name: "Small", amount: 10}) { id } }')).createOrder.id as string;
    const id = (await rep.api('mutation { createOrder(data: {name: "Big", amount: 5000}) { id } }')).createOrder.id as string;
    const [run] = await t.until(async () => { const r = await t.runs('autoSubmit', 'completed'); return r.length ? r : undefined; });
    expect(run.steps[0]).toMatchObject({ step: 'submit', status: 'completed', output: { object: 'order', id, request: { flow: 'bigOrders', status: 'pending', node: 'boss' } } });
    expect(await t.requests(small)).toEqual([]);
    const [req] = await t.requests(id);
    expect(req).toMatchObject({ status: 'pending', submitter: rep.id });
    // Pending: the record is locked for the rep; its manager (the rep's, as the submitter) approves.
    const locked = await rep.raw('mutation($id: ID!) { updateOrder(id: $id, data: {note: "x"}) { id } }', { id });
    expect(locked.errors[0].extensions.code).toBe('LOCKED');
    await boss.api('mutation($t: ID!) { approve(task: $t) }', { t: await t.taskOf(id, boss) });
    const done = await t.until(async () => {
      const o = (await t.api('query($id: ID!) { order(id: $id) { status note } }', { id })).order;
      return o.note ? o : undefined;
    });
    expect(done).toEqual({ status: 'Approved', note: 'approved: Big' });
  });

  it('fails the run with a clear error when the record does not meet the flow (nothing half-done)', async () => {
    await t.apply({ workflows: [{ name: 'submitAny', object: 'order', trigger: { type: 'manual' }, steps: [{ id: 'submit', type: 'startApproval', flow: 'bigOrders' }, { id: 'after', type: 'update', data: { note: 'after' } }] }] });
    const id = (await rep.api('mutation { createOrder(data: {name: "Tiny", amount: 1}) { id } }')).createOrder.id as string;
    await rep.api('mutation($id: ID!) { runWorkflow(object: "order", id: $id, name: "submitAny") }', { id });
    const [run] = await t.until(async () => { const r = await t.runs('submitAny', 'failed'); return r.length ? r : undefined; });
    expect(run.steps.at(-1)).toMatchObject({ step: 'submit', status: 'failed' });
    expect(run.error).toMatch(/entry criteria/);
    expect(await t.requests(id)).toEqual([]);
    expect((await t.api('query($id: ID!) { order(id: $id) { note } }', { id })).order.note).toBeNull();
  });

  it('refuses at save a step whose expressions do not type-check: notify recipients, title, body, and a record id', async () => {
    const raw = await (await fetch(`${server.url}/metadata`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` },
      body: JSON.stringify({ query: 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', variables: { d: { workflows: [{ name: 'badExprs', object: 'order', trigger: { type: 'manual' }, steps: [
        { id: 'tell', type: 'notify', to: [{ expr: 'ownerId' }], title: { expr: 'nope + 1' }, body: { expr: 'name' } },
        { id: 'submit', type: 'startApproval', record: { expr: 'missing' } },
      ] }] } } }),
    })).json() as { errors: { extensions: { code: string; errors: { pointer: string }[] } }[] };
    expect(raw.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(raw.errors[0].extensions.errors.map((e) => e.pointer).sort()).toEqual([
      '/workflows/0/steps/0/title/expr', '/workflows/0/steps/0/to/0/expr', '/workflows/0/steps/1/record/expr',
    ]);
  });
});

describe('without the approvals plugin', () => {
  it('a startApproval step fails its run, naming the missing plugin', async () => {
    const lone = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
    try {
      await lone.platform.plugins.install(createWorkflowsPlugin());
      const w = await wfTenant(lone);
      await w.apply({ workflows: [{ name: 'submitLead', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'submit', type: 'startApproval' }] }] });
      const id = (await w.api('mutation { createLead(data: {name: "A"}) { id } }')).createLead.id as string;
      await w.api('mutation($id: ID!) { runWorkflow(object: "lead", id: $id, name: "submitLead") }', { id });
      const [run] = await w.until(async () => { const r = await w.runs('submitLead', 'failed'); return r.length ? r : undefined; });
      expect(run.error).toMatch(/approvals plugin/);
    } finally {
      await lone.close();
    }
  });
});
