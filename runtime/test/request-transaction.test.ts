import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Issue 10, finding 13, with scripts: a request's root mutations are one transaction, and script
 * actions (custom mutations) and triggers join it. When one root field fails, what an action or a
 * trigger wrote for another one is rolled back with it, record history included.
 */
let server: RunningServer;
let t: Tenant;

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server);
  await activate(t, 'flow', `
export const triggers = {
  lead: { async afterCreate(ctx) { for (const r of ctx.records) await ctx.db.create('task', { subject: 'follow up ' + r.name, lead: r.id }); } },
};
export const actions = {
  lead: {
    convert: {
      async run(ctx, args) {
        await ctx.db.create('task', { subject: 'converted ' + ctx.record.name });
        await ctx.db.update('lead', args.id, { status: 'Converted' });
        return { converted: true };
      },
    },
    refuse: {
      async run(ctx) {
        await ctx.db.create('task', { subject: 'about to refuse' });
        throw new Error('refused by the script');
      },
    },
  },
};`);
});
afterAll(async () => { await server?.close(); });

/** Every table the scripts and the audit write to. */
async function state() {
  const counts = (await t.api(`{ leads { totalCount } tasks { totalCount } }`)).data;
  const schema = (await t.sql(`select schema_name from tessera.tenants where id = $1`, [t.id]))[0].schema_name;
  const audit = (await t.sql(`select count(*)::int as n from "${schema}"."_audit"`))[0].n;
  const statuses = (await t.api(`{ leads(first: 500) { nodes { status } } }`)).data.leads.nodes.map((n: { status: string }) => n.status).sort();
  return { ...counts, audit, statuses };
}

describe('script actions and triggers join the request transaction', () => {
  it('an action followed by a refused update: the action\'s writes (a task, the lead\'s status, their audit) are rolled back', async () => {
    const created = await t.api(`mutation { createLead(data: {name: "Convert me"}) { id } }`);
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const id = created.data.createLead.id;
    const before = await state();
    const res = await t.api(`mutation($id: ID!) { a: leadConvert(id: $id) b: updateLead(id: "00000000-0000-7000-8000-000000000000", data: {score: 1}) { id } }`, { id });
    expect(res.errors?.[0]?.path, JSON.stringify(res)).toEqual(['b']);
    expect(res.data).toBeNull();
    expect(await state()).toEqual(before);
  });

  it('a create (with its after-trigger\'s task) followed by an action that throws: nothing is kept', async () => {
    const created = await t.api(`mutation { createLead(data: {name: "Target"}) { id } }`);
    const id = created.data.createLead.id;
    const before = await state();
    const res = await t.api(`mutation($id: ID!) { a: createLead(data: {name: "Rolled back"}) { id } b: createLeads(data: [{name: "R1"}, {name: "R2"}]) { id } c: leadRefuse(id: $id) }`, { id });
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe('SCRIPT_ERROR');
    expect(res.errors?.[0]?.path).toEqual(['c']);
    expect(res.data).toBeNull();
    expect(await state()).toEqual(before);
  });

  it('when every field succeeds, the action and the creates are all kept', async () => {
    const created = await t.api(`mutation { createLead(data: {name: "Kept"}) { id } }`);
    const id = created.data.createLead.id;
    const before = await state();
    const res = await t.api(`mutation($id: ID!) { a: leadConvert(id: $id) b: createLead(data: {name: "Also kept"}) { id } }`, { id });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.a).toEqual({ converted: true });
    const after = await state();
    expect(after.leads.totalCount).toBe(before.leads.totalCount + 1);
    // The action's task and the new lead's follow-up task.
    expect(after.tasks.totalCount).toBe(before.tasks.totalCount + 2);
  });
});
