import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

let server: RunningServer;
let t: Tenant;
beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server);
});
afterAll(async () => { await server?.close(); });

async function createLead(data: Record<string, unknown>, select = 'id name status score notes') {
  return t.api(`mutation($d: LeadCreateInput!) { createLead(data: $d) { ${select} } }`, { d: data });
}

describe('scripts as metadata', () => {
  it('compiles on save, reports syntax and type errors with line and column, and does not activate a version with errors', async () => {
    const ok = await t.save('meta', `export const triggers = { task: { beforeCreate(ctx) { ctx.records.forEach((r) => { r.subject = String(r.subject).trim(); }); } } };`);
    expect(ok).toMatchObject({ name: 'meta', version: 1, active: true });
    const syntax = await t.save('meta', `export const triggers = {\n  task: { beforeCreate(ctx) { ctx.records.forEach((r) => { ) } } };`);
    expect(syntax.active).toBe(false);
    expect(syntax.version).toBe(2);
    expect(syntax.message).toMatch(/NOT activated/);
    expect(syntax.diagnostics[0]).toMatchObject({ line: 2, severity: 'error' });
    const types = await t.save('meta', `export const triggers = {\n  task: {\n    beforeCreate(ctx) {\n      const n: number = ctx.now();\n      ctx.addError('x', 'subject', 'no');\n    },\n  },\n};`);
    expect(types.active).toBe(false);
    expect(types.diagnostics.map((d) => d.line)).toEqual([4, 5]);
    expect(types.diagnostics[0].column).toBe(13);
    const list = await t.meta('{ scripts { name version activeVersion active handlers } }');
    expect(list.data.scripts).toEqual([{ name: 'meta', version: 3, activeVersion: 1, active: false, handlers: { triggers: {}, actions: {} } }]);
    const history = await t.sql(`select action from tessera.metadata_history where tenant_id = $1 and target = 'script:meta' order by at`, [t.id]);
    expect(history.map((h) => h.action)).toEqual(['saveScript', 'saveScriptWithErrors', 'saveScriptWithErrors']);
    const del = await t.meta('mutation { deleteScript(name: "meta") }');
    expect(del.data.deleteScript).toBe(true);
    expect((await t.meta('{ scripts { name } }')).data.scripts).toEqual([]);
  });

  it('refuses imports and declares what the exports hold', async () => {
    const imp = await t.save('imp', `import fs from 'node:fs';\nexport const triggers = {};`);
    expect(imp.active).toBe(false);
    expect(imp.diagnostics[0].message).toMatch(/cannot import/);
    const bad = await t.save('bad', `export const triggers = { lead: { onCreate(ctx) {} } };`, 'JS');
    expect(bad.active).toBe(false);
    expect(bad.diagnostics[0].message).toMatch(/not a trigger event/);
  });
});

describe('triggers', () => {
  it('before-create changes records (copied back), once per batch', async () => {
    await activate(t, 'score', `
let calls = 0;
export const triggers = {
  lead: {
    beforeCreate(ctx) {
      calls++;
      for (const r of ctx.records) { r.score = (r.score ?? 0) + 1; r.notes = 'batch of ' + ctx.records.length + ' call ' + calls; }
    },
  },
};`);
    const one = await createLead({ name: 'A' });
    expect(one.errors).toBeUndefined();
    expect(one.data.createLead).toMatchObject({ score: 1, notes: expect.stringMatching(/^batch of 1 call \d+$/) });
    const many = await t.api(`mutation { createLeads(data: [{name: "B1", score: 5}, {name: "B2"}, {name: "B3"}]) { score notes } }`);
    expect(many.errors).toBeUndefined();
    const notes = many.data.createLeads.map((l: any) => l.notes);
    expect(new Set(notes).size).toBe(1);
    expect(notes[0]).toMatch(/^batch of 3 /);
    expect(many.data.createLeads.map((l: any) => l.score)).toEqual([6, 1, 1]);
    await t.meta('mutation { deleteScript(name: "score") }');
  });

  it('addError refuses the save with VALIDATION_FAILED and a pointer', async () => {
    await activate(t, 'validate', `
export const triggers = { lead: { beforeCreate(ctx) { ctx.records.forEach((r, i) => { if (!r.notes) ctx.addError(i, 'notes', 'notes are required'); }); } } };`);
    const res = await t.api(`mutation { createLeads(data: [{name: "ok", notes: "x"}, {name: "bad"}]) { id } }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/data/1/notes', message: 'notes are required' }] });
    expect((await t.sql(`select count(*)::int n from tessera.tenants where id = $1`, [t.id]))[0].n).toBe(1);
    await t.meta('mutation { deleteScript(name: "validate") }');
  });

  it('before-update sees old values; after-update writes through ctx.db in the same transaction', async () => {
    const acc = await t.api(`mutation { createAccount(data: {name: "Acme"}) { id } }`);
    const accountId = acc.data.createAccount.id;
    await activate(t, 'upd', `
export const triggers = {
  lead: {
    beforeUpdate(ctx) { ctx.records.forEach((r, i) => { if (r.status === 'Qualified' && ctx.old[i].status !== 'Qualified') r.notes = 'was ' + ctx.old[i].status; }); },
    async afterUpdate(ctx) {
      for (const r of ctx.records) {
        if (r.account) {
          const n = await ctx.db.aggregate('lead', { filter: { account: { id: { eq: r.account } } } });
          await ctx.db.update('account', r.account, { leadCount: n[0].count });
        }
      }
    },
  },
};`);
    const lead = await createLead({ name: 'U' });
    const res = await t.api(`mutation($id: ID!, $a: ID!) { updateLead(id: $id, data: {status: Qualified, account: $a}) { status notes account { leadCount } } }`, { id: lead.data.createLead.id, a: accountId });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.updateLead).toEqual({ status: 'Qualified', notes: 'was New', account: { leadCount: 1 } });
    await t.meta('mutation { deleteScript(name: "upd") }');
  });

  it('before-update on a bulk update by filter changes each record on its own', async () => {
    await activate(t, 'perRecord', `
export const triggers = { lead: { beforeUpdate(ctx) { ctx.records.forEach((r, i) => { r.notes = 'was ' + ctx.old[i].name; }); } } };`);
    const names = ['Bulk A', 'Bulk B', 'Bulk C'];
    for (const name of names) await createLead({ name, status: 'New' });
    const res = await t.api(`mutation { updateLeads(filter: {name: {startsWith: "Bulk "}}, data: {score: 7}) { count } }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.updateLeads.count).toBe(3);
    const rows = (await t.api(`{ leads(filter: {name: {startsWith: "Bulk "}}, orderBy: [{name: ASC}]) { nodes { name score notes } } }`)).data.leads.nodes;
    expect(rows).toEqual(names.map((name) => ({ name, score: 7, notes: `was ${name}` })));
    await t.meta('mutation { deleteScript(name: "perRecord") }');
  });

  it('an after-trigger that fails rolls back the whole transaction', async () => {
    await activate(t, 'after', `
export const triggers = { lead: { async afterCreate(ctx) { await ctx.db.create('task', { subject: 'follow up ' + ctx.records[0].name, lead: ctx.records[0].id }); throw new Error('no way'); } } };`);
    const before = (await t.api(`{ tasks { totalCount } leads { totalCount } }`)).data;
    const res = await createLead({ name: 'Rollback' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'SCRIPT_ERROR', script: 'after', line: 2 });
    expect(res.errors?.[0].message).toMatch(/no way/);
    const after = (await t.api(`{ tasks { totalCount } leads { totalCount } }`)).data;
    expect(after).toEqual(before);
    await t.meta('mutation { deleteScript(name: "after") }');
  });

  it('before- and after-delete triggers', async () => {
    await activate(t, 'del', `
export const triggers = {
  lead: {
    beforeDelete(ctx) { ctx.records.forEach((r, i) => { if (r.status === 'Converted') ctx.addError(i, 'status', 'converted leads stay'); }); },
    async afterDelete(ctx) { for (const r of ctx.records) await ctx.db.create('task', { subject: 'deleted ' + r.name }); },
  },
};`);
    const keep = await createLead({ name: 'Keep', status: 'Converted' });
    const refused = await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id: keep.data.createLead.id });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    const gone = await createLead({ name: 'Gone' });
    const ok = await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id: gone.data.createLead.id });
    expect(ok.errors).toBeUndefined();
    const tasks = await t.api(`{ tasks(filter: {subject: {eq: "deleted Gone"}}) { totalCount } }`);
    expect(tasks.data.tasks.totalCount).toBe(1);
    await t.meta('mutation { deleteScript(name: "del") }');
  });
});

describe('actions', () => {
  it('become mutations named by the inflector, validate input, run with ctx.db and return JSON', async () => {
    await activate(t, 'convert', `
export const actions = {
  lead: {
    convert: {
      input: { type: 'object', properties: { accountName: { type: 'string', minLength: 1 } }, required: ['accountName'], additionalProperties: false },
      async run(ctx, args) {
        const account = await ctx.db.create('account', { name: args.input.accountName });
        await ctx.db.update('lead', args.id, { status: 'Converted', account: account.id });
        return { accountId: account.id, lead: ctx.record.name, by: ctx.user.name };
      },
    },
  },
};`);
    const lead = await createLead({ name: 'Convert me' });
    const id = lead.data.createLead.id;
    const bad = await t.api(`mutation($id: ID!) { leadConvert(id: $id, input: {accountName: ""}) }`, { id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/input/accountName' }] });
    const res = await t.api(`mutation($id: ID!) { leadConvert(id: $id, input: {accountName: "Converted Inc"}) }`, { id });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.leadConvert).toMatchObject({ lead: 'Convert me', by: 'Administrator', accountId: expect.any(String) });
    const read = await t.api(`query($id: ID!) { lead(id: $id) { status account { name } } }`, { id });
    expect(read.data.lead).toEqual({ status: 'Converted', account: { name: 'Converted Inc' } });
  });
});
