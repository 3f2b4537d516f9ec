import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { createImportsPlugin } from '../../src/imports/index.ts';
import { poolTenant, refusal, startPoolServer, type PoolTenant, type User } from './support.ts';

/**
 * "A test that tries every write path to push a rep past the cap and finds each refused": Rita's
 * cap is 1 and she holds 1 lead. Each path tries to give her one more; each is refused with
 * LIMIT_EXCEEDED naming privateCap, and the lead stays in the public pool. Then two claims at once
 * of a rep one short of the cap: exactly one passes (the owner's lock).
 */
let server: RunningServer;
let t: PoolTenant;
let rita: User, sam: User;
let spare: string;

const ownerOf = async (id: string) => (await t.lead(id)).owner?.id ?? null;
const expectCapRefusal = (res: any, pointer?: string) => {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors ?? res.data)).toBe('LIMIT_EXCEEDED');
  expect(res.errors[0].extensions.rule).toBe('privateCap');
  // Each detail names the rule too, as validation rules' do (a scenario's expectError.rule reads it there).
  expect(res.errors[0].extensions.errors.map((e: any) => e.rule)).toEqual(res.errors[0].extensions.errors.map(() => 'privateCap'));
  if (pointer) expect(res.errors[0].extensions.errors[0].pointer).toBe(pointer);
};

beforeAll(async () => {
  server = await startPoolServer();
  await server.platform.plugins.install(createImportsPlugin({ batchSize: 50 }));
  t = await poolTenant(server);
  [rita, sam] = [await t.user('Rita'), await t.user('Sam')];
  await t.setClock('2031-06-02T01:00:00Z');
  await t.apply({
    pools: [{ name: 'main', object: 'lead', default: true, privateCap: 1, managers: [{ type: 'user', users: [sam.id] }] }],
    approvalFlows: [{ name: 'handOver', object: 'lead', onApproved: { update: { owner: rita.id } }, nodes: [{ id: 'ok', mode: 'any', approvers: [{ type: 'user', users: [t.adminId] }] }] }],
    workflows: [
      { name: 'giveToRita', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'give', type: 'update', data: { owner: rita.id } }] },
      { name: 'newForRita', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'make', type: 'create', object: 'lead', data: { name: 'Made by a workflow', owner: rita.id } }] },
    ],
  });
  const [held] = await t.publicLeads(1, 'Held');
  expect((await rita.raw('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids: [held] })).errors).toBeUndefined();
  [spare] = await t.publicLeads(1, 'Spare');
  const saved = await t.meta('mutation($i: SaveScriptInput!) { saveScript(input: $i) { active diagnostics { message } } }', { i: { name: 'handover', language: 'TS', source: `
export const triggers = { activity: { async afterCreate(ctx: any) {
  for (const r of ctx.records) if (r.subject === 'hand over') await ctx.db.update('lead', r.lead, { owner: '${rita.id}' });
} } };
export const actions = { lead: { handOver: { async run(ctx: any, args: any) { await ctx.db.update('lead', args.id, { owner: '${rita.id}' }); return null; } } } };` } });
  expect(saved.saveScript.active, JSON.stringify(saved.saveScript.diagnostics)).toBe(true);
}, 180_000);
afterAll(async () => { await server?.close(); });

describe('every write path respects the cap', () => {
  it('GraphQL: create (owner defaults to the caller), bulk create, update, bulk update, upsert', async () => {
    expectCapRefusal(await rita.raw('mutation { createLead(data: {name: "Mine"}) { id } }'), '/data/owner');
    expectCapRefusal(await t.raw('mutation($o: ID!) { createLeads(data: [{name: "A", owner: null}, {name: "B", owner: $o}]) { id } }', { o: rita.id }), '/data/1/owner');
    expectCapRefusal(await t.raw('mutation($id: ID!, $o: ID!) { updateLead(id: $id, data: {owner: $o}) { id } }', { id: spare, o: rita.id }), '/data/owner');
    expectCapRefusal(await t.raw('mutation($id: ID!, $o: ID!) { updateLeads(filter: {id: {eq: $id}}, data: {owner: $o}) { count } }', { id: spare, o: rita.id }));
    expectCapRefusal(await t.raw('mutation($id: ID!, $o: ID!) { upsertLead(match: {id: $id}, data: {name: "Spare", owner: $o}) { id } }', { id: spare, o: rita.id }));
    expect(await ownerOf(spare)).toBeNull();
    expect((await t.api('{ leads(filter: {name: {in: ["A", "B", "Mine"]}}) { totalCount } }')).leads.totalCount).toBe(0);
  });

  it('pool operations: claim, a manager\'s assignment', async () => {
    expectCapRefusal(await rita.raw('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids: [spare] }), '/ids/0');
    expectCapRefusal(await sam.raw('mutation($ids: [ID!]!, $to: ID!) { assignRecords(object: "lead", ids: $ids, to: $to) }', { ids: [spare], to: rita.id }), '/ids/0');
    expect(refusal(await sam.raw('mutation($ids: [ID!]!, $to: ID!) { assignRecords(object: "lead", ids: $ids, to: $to) }', { ids: [spare], to: '00000000-0000-7000-8000-000000000000' }))).toMatchObject({ code: 'REFERENCE_NOT_FOUND', pointer: '/to' });
    // Only the pool's managers (and administrators) assign.
    expect(refusal(await rita.raw('mutation($ids: [ID!]!, $to: ID!) { assignRecords(object: "lead", ids: $ids, to: $to) }', { ids: [spare], to: sam.id }))).toMatchObject({ code: 'FORBIDDEN', pointer: '/ids/0' });
    expect(await ownerOf(spare)).toBeNull();
  });

  it('scripts: a trigger\'s ctx.db, an action (a command)', async () => {
    const trigger = await t.raw('mutation($l: ID!) { createActivity(data: {subject: "hand over", lead: $l}) { id } }', { l: spare });
    expect(JSON.stringify(trigger.errors)).toContain('privateCap');
    const action = await t.raw('mutation($id: ID!) { leadHandOver(id: $id) }', { id: spare });
    expect(JSON.stringify(action.errors)).toContain('privateCap');
    expect(await ownerOf(spare)).toBeNull();
    expect((await t.api('{ activities { totalCount } }')).activities.totalCount).toBe(0);
  });

  it('workflows: an update step and a create step fail their run', async () => {
    await t.api('mutation($id: ID!) { runWorkflow(name: "giveToRita", object: "lead", id: $id) }', { id: spare });
    await t.api('mutation($id: ID!) { runWorkflow(name: "newForRita", object: "lead", id: $id) }', { id: spare });
    const failed = await t.until(async () => { const runs = await t.runs(undefined, 'failed'); return runs.length === 2 && runs; });
    for (const run of failed) expect(run.error).toContain('privateCap');
    expect(await ownerOf(spare)).toBeNull();
  });

  it('import: a row that would give Rita a lead is refused with the cap in the error file; the others are imported', async () => {
    const form = new FormData();
    form.set("mapping", JSON.stringify({ Name: "name", Owner: "owner" }));
    form.set('file', new Blob([`Name,Owner\nImported for Rita,${rita.id}\nImported for nobody,\n`], { type: 'text/csv' }), 'leads.csv');
    const started = await fetch(`${server.url}/import/lead`, { method: 'POST', headers: { authorization: `Bearer ${t.apiKey}` }, body: form });
    const body = (await started.json()) as { job: string };
    expect(started.status, JSON.stringify(body)).toBe(202);
    const done = await t.until(async () => {
      const job = (await t.api('query($id: ID!) { importJob(id: $id) }', { id: body.job })).importJob;
      return (job.status === 'done' || job.status === 'failed') && job;
    });
    expect(done).toMatchObject({ status: 'done', rowsDone: 1, rowsRefused: 1 });
    const errors = await (await fetch(server.url + done.errorFile, { headers: { authorization: `Bearer ${t.apiKey}` } })).text();
    expect(errors).toContain('Imported for Rita');
    expect(errors).toMatch(/LIMIT_EXCEEDED at \/Owner: .*privateCap|LIMIT_EXCEEDED.*privateCap/);
    expect((await t.api('{ leads(filter: {name: {eq: "Imported for Rita"}}) { totalCount } }')).leads.totalCount).toBe(0);
    expect((await t.api('{ leads(filter: {name: {eq: "Imported for nobody"}}) { totalCount } }')).leads.totalCount).toBe(1);
  });

  it('approvals: an outcome that gives the record to Rita refuses the approval', async () => {
    await t.api('mutation($id: ID!) { submitForApproval(object: "lead", id: $id, flow: "handOver") }', { id: spare });
    const req = (await t.api('query($id: ID!) { approvalRequests(object: "lead", id: $id) }', { id: spare })).approvalRequests[0];
    const task = req.tasks.find((x: any) => x.status === 'pending').id;
    expectCapRefusal(await t.raw('mutation($t: ID!) { approve(task: $t) }', { t: task }));
    expect(await ownerOf(spare)).toBeNull();
  });

  it('releasing makes room on every path: the same update then passes', async () => {
    const [held] = (await rita.api('{ myPoolRecords(object: "lead") }')).myPoolRecords.nodes.map((n: any) => n.record.id);
    await rita.api('mutation($ids: [ID!]!) { releaseRecords(object: "lead", ids: $ids) }', { ids: [held] });
    expect((await t.raw('mutation($id: ID!, $o: ID!) { updateLead(id: $id, data: {owner: $o}) { id } }', { id: spare, o: rita.id })).errors).toBeUndefined();
    expect(await ownerOf(spare)).toBe(rita.id);
    expect((await t.history(spare)).at(-1)).toMatchObject({ action: 'ASSIGN', from: null, to: rita.id });
  });

  it('restore: a deleted record of hers coming back would pass the cap', async () => {
    await t.api('mutation($id: ID!) { deleteLead(id: $id) { id } }', { id: spare });
    const [other] = await t.publicLeads(1, 'Other');
    expect((await rita.raw('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids: [other] })).errors).toBeUndefined();
    expectCapRefusal(await t.raw('mutation($id: ID!) { restoreLead(id: $id) { id } }', { id: spare }), '/id');
    expect((await t.api('query($id: ID!) { lead(id: $id) { id } }', { id: spare })).lead).toBeNull();
  });
});

describe('concurrency', () => {
  it('two claims at once by a rep one short of the cap: exactly one passes', async () => {
    await t.apply({ pools: [{ name: 'main', object: 'lead', default: true, privateCap: 3 }] });
    for (let round = 0; round < 3; round++) {
      const before = (await sam.api('{ poolStatus(object: "lead") }')).poolStatus.privateCount;
      await t.apply({ pools: [{ name: 'main', object: 'lead', default: true, privateCap: before + 1 }] });
      const [a, b] = await t.publicLeads(2, `Race ${round}`);
      const results = await Promise.all([a, b].map((id) => sam.raw('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids: [id] })));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expectCapRefusal(results.find((r) => r.errors));
      expect((await sam.api('{ poolStatus(object: "lead") }')).poolStatus.privateCount).toBe(before + 1);
    }
  });
});
