import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { SECRET_KEPT } from '@tessera/platform';
import { sign } from '../../src/workflows/index.ts';
import { LEAD, startWorkflowServer, TASK, wfTenant, type WfTenant } from './support.ts';

/** Triggers and steps of workflows, on the test clock: every trigger type runs update/create steps; webhooks retry; waits count business time; runs retry and cancel. */
let server: RunningServer;
let t: WfTenant;
let hook: Server;
let hookUrl = '';
const received: { delivery: string; attempt: string; signature: string; body: any }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  server = await startWorkflowServer();
  t = await wfTenant(server);
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ delivery: String(req.headers['idempotency-key']), attempt: String(req.headers['x-tessera-attempt']), signature: String(req.headers['x-tessera-signature']), body: JSON.parse(body) });
      if (failuresLeft > 0) { failuresLeft -= 1; res.writeHead(503).end(); } else res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
}, 120_000);
afterAll(async () => { hook?.close(); await server?.close(); });

const tasks = async () => (await t.api('{ tasks(orderBy: {subject: ASC}) { nodes { subject lead { id } } } }')).tasks.nodes;

describe('triggers', () => {
  it('record created / updated (only given fields, with PRIORVALUE) / deleted run update and create steps', async () => {
    await t.apply({ workflows: [
      { name: 'onCreate', object: 'lead', trigger: { type: 'record', on: ['create'], condition: 'name = "Ada"' }, steps: [{ id: 'touch', type: 'update', data: { touches: { expr: 'IF(ISBLANK(touches), 0, touches) + 1' } } }] },
      {
        name: 'onQualified', object: 'lead', trigger: { type: 'record', on: ['update'], fields: ['status'], condition: 'AND(ISCHANGED(status), TEXT(status) = "Qualified", TEXT(PRIORVALUE(status)) = "New")' },
        steps: [{ id: 'task', type: 'create', object: 'task', data: { subject: { expr: '"Call " & name' }, lead: { expr: 'id' } } }],
      },
      { name: 'onDelete', object: 'lead', trigger: { type: 'record', on: ['delete'] }, steps: [{ id: 'log', type: 'create', object: 'task', data: { subject: 'A lead was deleted' } }] },
    ] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Ada", status: New}) { id } }');
    await t.advance('PT1S');
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches updatedBy { id } } }', { id: l.id })).lead.touches).toBe(1);
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {name: "Ada L."}) { id } }', { id: l.id }); // not status: nothing
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {status: Qualified}) { id } }', { id: l.id });
    await t.advance('PT1S');
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {status: Lost}) { id } }', { id: l.id }); // not from New: nothing
    await t.api('mutation($id: ID!) { deleteLead(id: $id) { id } }', { id: l.id });
    await t.advance('PT1S');
    // (The task's lead reads null now: the lead is deleted.)
    expect((await tasks()).map((x: any) => x.subject)).toEqual(['A lead was deleted', 'Call Ada L.']);
    const [qualified] = await t.runs('onQualified');
    expect(qualified.status).toBe('completed');
    expect(qualified.steps[0].output).toMatchObject({ object: 'task' });
  });

  it('manual: the runWorkflow command starts a run as the caller; a cron trigger runs in its time zone', async () => {
    await t.setClock('2031-06-02T00:30:00Z'); // 08:30 in Shanghai
    await t.apply({ workflows: [
      { name: 'bump', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'up', type: 'update', data: { touches: 41 } }, { id: 'again', type: 'update', data: { touches: { expr: 'touches + 1' } } }] },
      { name: 'morning', trigger: { type: 'cron', cron: '0 9 * * *', timeZone: 'Asia/Shanghai' }, steps: [{ id: 'mk', type: 'create', object: 'lead', data: { name: 'Morning lead' } }] },
    ] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Manual"}) { id } }');
    const started = await t.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "bump"}) }', { id: l.id });
    expect(started.leadRunWorkflow.run).toMatch(/^[0-9a-f-]{36}$/);
    await t.advance('PT1S');
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches updatedBy { id } } }', { id: l.id })).lead).toEqual({ touches: 42, updatedBy: { id: t.adminId } });
    const morning = async () => (await t.api('{ leads(filter: {name: {eq: "Morning lead"}}) { nodes { createdAt } } }')).leads.nodes;
    await t.advance('PT20M'); // 08:50 Shanghai
    expect(await morning()).toHaveLength(0);
    await t.advance('PT20M'); // 09:10 Shanghai = 01:10Z
    expect(await morning()).toHaveLength(1);
    expect((await t.runs('morning'))[0].trigger.at).toBe('2031-06-02T01:00:00.000Z'); // 09:00 Shanghai
    await t.advance('P1D'); // the next morning's occurrence, once
    expect(await morning()).toHaveLength(2);
  });

  it('runWorkflow is a command only of objects with an active manual workflow: a tenant without one keeps its API', async () => {
    const u = await wfTenant(server);
    const commands = async () => (await u.api('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map((f: any) => f.name).filter((n: string) => n.endsWith('RunWorkflow')).sort();
    const bump = { name: 'bump', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'up', type: 'update', data: { touches: 7 } }] };
    const onTask = { name: 'onTask', object: 'task', trigger: { type: 'record', on: ['create'] }, steps: [{ id: 'up', type: 'update', data: { subject: 'seen' } }] };
    expect(await commands()).toEqual([]);
    await u.apply({ workflows: [bump, onTask] }); // a record-triggered workflow adds no command
    expect(await commands()).toEqual(['leadRunWorkflow']);
    const { createLead: l } = await u.api('mutation { createLead(data: {name: "Manual"}) { id } }');
    await u.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "bump"}) }', { id: l.id });
    await u.api('mutation($id: ID!) { runWorkflow(name: "bump", object: "lead", id: $id) }', { id: l.id });
    await u.apply({ workflows: [{ ...bump, active: false }] });
    expect(await commands()).toEqual([]);
    await u.apply({ workflows: [{ ...bump, active: true }] });
    expect(await commands()).toEqual(['leadRunWorkflow']);
    // An object and its manual workflow in one document (one change: the model is loaded whole after it).
    const deal = { name: 'deal', fields: [{ name: 'title', type: 'text' }] };
    await u.apply({ objects: [LEAD, TASK, deal], workflows: [{ name: 'close', object: 'deal', trigger: { type: 'manual' }, steps: [{ id: 'up', type: 'update', data: { title: 'closed' } }] }] });
    expect(await commands()).toEqual(['dealRunWorkflow', 'leadRunWorkflow']);
  });

  it('change events of a tenant that never had a workflow cost the trigger subscriber no statement', async () => {
    const u = await wfTenant(server);
    const { handle } = server.platform.plugins.list().find((p) => p.name === 'workflows')!.subscribers![0];
    const event = { id: '1', seq: '1', tenantId: u.id, object: 'lead', recordId: crypto.randomUUID(), kind: 'create', changes: [], actorId: null, via: 'api', txId: '1' } as never;
    const queries: string[] = [];
    const client = await server.platform.pool.connect();
    try {
      const tx = new Proxy(client, {
        get(target, key) {
          if (key === 'query') return (text: string, ...rest: unknown[]) => { queries.push(text); return (target.query as (...a: unknown[]) => unknown)(text, ...rest); };
          const value = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await handle([event], tx); // the tenant's workflows read once for its metadata version
      queries.length = 0;
      await handle([event], tx);
      expect(queries).toEqual([]);
      await u.apply({ workflows: [{ name: 'onUpdate', object: 'lead', trigger: { type: 'record', on: ['update'] }, steps: [{ id: 'up', type: 'update', data: { touches: 1 } }] }] });
      await handle([event], tx); // a new version: read again, and the waits looked at
      expect(queries.length).toBeGreaterThan(0);
    } finally {
      client.release();
    }
  });

  it('inbound webhook: runs only when signed with the workflow\'s secret, once per idempotency key', async () => {
    const secret = 'a-long-enough-secret-0123';
    await t.apply({ workflows: [{ name: 'inbound', trigger: { type: 'webhook' }, secret, steps: [{ id: 'mk', type: 'create', object: 'task', data: { subject: 'From a webhook' } }] }] });
    const body = JSON.stringify({ hello: 'world' });
    const post = (signature: string, key = 'k1') => fetch(`${server.url}/plugins/workflows/hooks/${t.id}/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tessera-signature': signature, 'idempotency-key': key }, body });
    expect((await post(sign('wrong-secret-0123456789', body))).status).toBe(401);
    expect((await post(sign(secret, body))).status).toBe(202);
    expect((await post(sign(secret, body))).status).toBe(202); // the same key: no second run
    await t.advance('PT1S');
    expect((await tasks()).filter((x: any) => x.subject === 'From a webhook')).toHaveLength(1);

    // The secret is written, never read back: not by a pull, the designer's reads or the history.
    const reads = JSON.stringify([
      await t.meta('{ document(kinds: ["workflows"]) }'),
      await t.api('{ workflowDefinitions workflowVersions(workflow: "inbound") }'),
      await t.meta('{ metadataHistory(first: 50) { nodes { before after } } }'),
    ]);
    expect(reads).not.toContain(secret);
    expect(reads).toContain(SECRET_KEPT);
    // A pulled document applies back unchanged, and the stored secret still verifies calls.
    const pulled = (await t.meta('{ document(kinds: ["workflows"]) }')).document.workflows;
    expect((await t.meta('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { workflows: pulled } })).applyMetadata.changes).toEqual([]);
    expect((await post(sign(secret, body), 'k2')).status).toBe(202);
    expect((await post(sign(SECRET_KEPT, body), 'k3')).status).toBe(401);
  });
});

describe('steps', () => {
  it('an outbound webhook fails, is retried with backoff, succeeds: one delivery id, signed', async () => {
    const secret = 'outbound-secret-0123456789';
    await t.apply({ workflows: [{ name: 'notifyErp', object: 'lead', trigger: { type: 'manual' }, secret, steps: [{ id: 'post', type: 'webhook', url: hookUrl, body: { name: { expr: 'name' } } }, { id: 'done', type: 'update', data: { touches: 7 } }] }] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Hooked"}) { id } }');
    failuresLeft = 2;
    received.length = 0;
    await t.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "notifyErp"}) }', { id: l.id });
    await t.advance('PT1S');
    const run = await t.until(async () => (await t.runs('notifyErp', 'completed'))[0], 90_000);
    expect(received.map((r) => r.attempt)).toEqual(['1', '2', '3']);
    expect(new Set(received.map((r) => r.delivery)).size).toBe(1);
    expect(received[0].delivery).toBe(`${run.id}:post:1`);
    expect(received[2].signature).toBe(sign(secret, JSON.stringify(received[2].body)));
    expect(received[2].body).toMatchObject({ name: 'Hooked', recordId: l.id });
    expect(run.steps.map((s: any) => [s.step, s.status])).toEqual([['post', 'completed'], ['done', 'completed']]);
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches } }', { id: l.id })).lead.touches).toBe(7);
  }, 120_000);

  it('a wait in business hours crosses a weekend and a 调休 working Saturday', async () => {
    await t.apply({ workflows: [{ name: 'slow', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'pause', type: 'wait', duration: 'PT3H', business: true }, { id: 'mark', type: 'update', data: { touches: 3 } }] }] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Patient"}) { id } }');
    // Friday 2026-10-09 17:00 Shanghai: 1 h on Friday, then Saturday Oct 10 is a make-up working day.
    await t.setClock('2026-10-09T09:00:00Z');
    await t.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "slow"}) }', { id: l.id });
    await t.advance('PT1S');
    const [waiting] = await t.runs('slow');
    expect(waiting.status).toBe('waiting');
    expect(waiting.steps[0].output.dueAt).toBe('2026-10-10T03:00:01.000Z'); // Saturday 11:00:01 Shanghai
    await t.setClock('2026-10-10T03:00:00Z');
    expect((await t.runs('slow'))[0].status).toBe('waiting');
    await t.advance('PT2S');
    expect((await t.runs('slow'))[0].status).toBe('completed');
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches } }', { id: l.id })).lead.touches).toBe(3);
  });

  it('a failed run is retried from its failed step; a waiting run is cancelled', async () => {
    await t.apply({ workflows: [
      { name: 'fragile', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'one', type: 'update', data: { touches: 1 } }, { id: 'two', type: 'create', object: 'task', data: { subject: { expr: 'IF(touches > 5, "ok", NULL)' } } }] },
      { name: 'sleepy', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'nap', type: 'wait', duration: 'P1D' }, { id: 'after', type: 'update', data: { touches: 99 } }] },
    ] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Retry"}) { id } }');
    await t.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "fragile"}) }', { id: l.id });
    await t.advance('PT1S');
    const [failed] = await t.runs('fragile');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^two: /);
    expect(failed.steps.map((s: any) => [s.step, s.status])).toEqual([['one', 'completed'], ['two', 'failed']]);
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {touches: 6}) { id } }', { id: l.id });
    expect((await t.api('mutation($id: ID!) { retryWorkflowRun(id: $id) }', { id: failed.id })).retryWorkflowRun).toEqual({ id: failed.id, status: 'running' });
    await t.advance('PT1S');
    const [retried] = await t.runs('fragile');
    expect(retried.status).toBe('completed');
    expect(retried.steps.map((s: any) => [s.step, s.status])).toEqual([['one', 'completed'], ['two', 'completed']]); // step one not run again
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches } }', { id: l.id })).lead.touches).toBe(6);

    await t.api('mutation($id: ID!) { runWorkflow(name: "sleepy", object: "lead", id: $id) }', { id: l.id }); // the generic mutation
    await t.advance('PT1S');
    const [sleeping] = await t.runs('sleepy');
    expect(sleeping.status).toBe('waiting');
    expect((await t.api('mutation($id: ID!) { cancelWorkflowRun(id: $id) }', { id: sleeping.id })).cancelWorkflowRun).toEqual({ id: sleeping.id, status: 'cancelled' });
    await t.advance('P2D');
    expect((await t.runs('sleepy'))[0].status).toBe('cancelled');
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches } }', { id: l.id })).lead.touches).toBe(6);
  });

  it('a step that fails half-way (the transaction aborted) loses its half; the steps before it in the same job keep their effects', async () => {
    // The job's steps run optimistically under one savepoint; the failure throws that pass away
    // and the steps run again carefully, each in its own savepoint (engine.ts, advance).
    await t.apply({ workflows: [{ name: 'halfway', object: 'lead', trigger: { type: 'manual' }, steps: [
      { id: 'one', type: 'update', data: { touches: 41 } },
      { id: 'two', type: 'update', data: { touches: { expr: 'touches + 1' } } },
      // The first notification is inserted, the second is no user id: PostgreSQL refuses it and aborts the transaction.
      { id: 'three', type: 'notify', to: [t.adminId, 'not-a-user'], title: 'half' },
      { id: 'four', type: 'update', data: { touches: 0 } },
    ] }] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Halfway"}) { id } }');
    await t.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "halfway"}) }', { id: l.id });
    await t.advance('PT1S');
    const [run] = await t.until(async () => { const runs = await t.runs('halfway'); return runs[0]?.status === 'failed' && runs; });
    expect(run.error).toMatch(/^three: /);
    expect(run.steps.map((s: any) => [s.step, s.status])).toEqual([['one', 'completed'], ['two', 'completed'], ['three', 'failed']]);
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches } }', { id: l.id })).lead.touches).toBe(42);
    expect((await t.api('{ notifications }')).notifications.unread).toBe(0);
    const history = await t.api('query($id: ID!) { recordHistory(object: "lead", id: $id) { action } }', { id: l.id });
    expect(history.recordHistory.filter((e: any) => e.action === 'update')).toHaveLength(2); // one entry per committed update, none twice
  });

  it('a changed definition is a new version; a run keeps the version it started with', async () => {
    const v1 = { name: 'versioned', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'nap', type: 'wait', duration: 'PT1H' }, { id: 'set', type: 'update', data: { touches: 1 } }] };
    await t.apply({ workflows: [v1] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Versions"}) { id } }');
    await t.api('mutation($id: ID!) { leadRunWorkflow(id: $id, input: {workflow: "versioned"}) }', { id: l.id });
    await t.advance('PT1S');
    await t.apply({ workflows: [{ ...v1, active: false }] }); // the active flag alone: no new version
    await t.apply({ workflows: [{ ...v1, steps: [v1.steps[0], { id: 'set', type: 'update', data: { touches: 2 } }] }] });
    const versions = (await server.platform.pool.query('select version from tessera.workflow_versions where tenant_id = $1 and workflow = $2 order by version', [t.id, 'versioned'])).rows.map((r) => r.version);
    expect(versions).toEqual([1, 2]);
    await t.advance('PT2H');
    expect((await t.runs('versioned'))[0]).toMatchObject({ version: 1, status: 'completed' });
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches } }', { id: l.id })).lead.touches).toBe(1);
  });

  it('a wait until a condition holds is re-checked when the record changes; sub-workflows and loops start child runs', async () => {
    await t.apply({ workflows: [
      { name: 'whenHot', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'hot', type: 'wait', condition: 'touches > 5' }, { id: 'mark', type: 'update', data: { status: 'Qualified' } }, { id: 'child', type: 'callWorkflow', workflow: 'childFlow' }, { id: 'after', type: 'update', data: { touches: 100 } }] },
      { name: 'childFlow', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'c', type: 'create', object: 'task', data: { subject: { expr: '"child of " & name' }, lead: { expr: 'id' } } }] },
      { name: 'sweep', trigger: { type: 'manual' }, object: 'lead', steps: [{ id: 'each', type: 'forEach', object: 'lead', filter: { name: { startsWith: 'Loop ' } }, workflow: 'childFlow' }] },
    ] });
    const { createLead: l } = await t.api('mutation { createLead(data: {name: "Warming", touches: 1}) { id } }');
    await t.api('mutation($id: ID!) { runWorkflow(name: "whenHot", object: "lead", id: $id) }', { id: l.id });
    await t.advance('PT1S');
    expect((await t.runs('whenHot'))[0].status).toBe('waiting');
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {touches: 3}) { id } }', { id: l.id }); // still not > 5
    await t.advance('PT1S');
    expect((await t.runs('whenHot'))[0].status).toBe('waiting');
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {touches: 6}) { id } }', { id: l.id });
    await t.advance('PT1S');
    const [done] = await t.runs('whenHot');
    expect(done.status).toBe('completed');
    expect(done.steps.map((s: any) => s.step)).toEqual(['hot', 'mark', 'child', 'after']);
    expect((await t.api('query($id: ID!) { lead(id: $id) { touches status } }', { id: l.id })).lead).toEqual({ touches: 100, status: 'Qualified' });
    expect((await tasks()).filter((x: any) => x.subject === 'child of Warming')).toHaveLength(1);

    await t.api('mutation { createLeads(data: [{name: "Loop 1"}, {name: "Loop 2"}, {name: "Loop 3"}]) { id } }');
    await t.api('mutation($id: ID!) { runWorkflow(name: "sweep", object: "lead", id: $id) }', { id: l.id });
    await t.advance('PT1S');
    const [sweep] = await t.runs('sweep');
    expect(sweep.error).toBeNull();
    expect(sweep.steps[0].output.records).toBe(3);
    expect((await tasks()).filter((x: any) => /^child of Loop /.test(x.subject))).toHaveLength(3);
  });
});
