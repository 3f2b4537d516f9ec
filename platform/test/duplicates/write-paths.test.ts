import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, created, dupTenant, ok, refused, type DupTenant } from './support.ts';

/**
 * Every write path meets the duplicate rules, since every one saves through the pipeline: single
 * and bulk creates (duplicates within the batch too), single and bulk updates, both branches of an
 * upsert, and the local API that plugin commands (and scripts' ctx.db: runtime/test) write with —
 * with `allowDuplicates` on each. A refused write leaves nothing behind.
 */
let server: RunningServer;
let t: DupTenant;

const OBJECTS = [{ name: 'lead', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone' }, { name: 'email', type: 'email', unique: true }, { name: 'status', type: 'text' }] }];
const RULES = [
  { name: 'samePhone', object: 'lead', action: 'BLOCK', match: { field: 'phone', match: 'normalized' } },
  { name: 'sameName', object: 'lead', action: 'WARN', match: { field: 'name', match: 'normalized' } },
];

const plugin = definePlugin({
  name: 'dup-writer', version: '1.0.0',
  commands: [{
    name: 'copy', objects: ['lead'], access: 'read', permission: 'create',
    input: { type: 'object', properties: { phone: { type: 'string' }, name: { type: 'string' }, allow: { type: 'boolean' } } },
    async run(call) {
      const input = call.input as { phone?: string; name?: string; allow?: boolean };
      const record = await call.api.create('lead', { name: input.name ?? 'copy', phone: input.phone }, input.allow === undefined ? undefined : { allowDuplicates: input.allow }) as { id: string };
      return { id: record.id };
    },
  }],
});

const count = async () => (await t.sql(`select count(*)::int as n from "${t.schema}"."lead" where "deletedAt" is null`))[0].n as number;

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(plugin);
  t = await dupTenant(server, OBJECTS, RULES);
});
afterAll(async () => { await server?.close(); });

describe('creates', () => {
  it('createMany: a record duplicating an earlier one of the same batch is refused, by pointer, and nothing is written', async () => {
    const before = await count();
    const res = await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, { d: [{ name: 'A1', phone: '13500000001' }, { name: 'B1', phone: '135 0000 0002' }, { name: 'C1', phone: '135-0000-0001' }] });
    const error = refused(res);
    expect(error.extensions.duplicates).toEqual([{ pointer: '/data/2', rule: 'samePhone', action: 'BLOCK', fields: ['phone'], batchRecord: '/data/0' }]);
    expect(error.extensions.errors).toEqual([expect.objectContaining({ pointer: '/data/2/phone' })]);
    expect(await count()).toBe(before);
  });

  it('createMany: a record duplicating an existing one is refused at its pointer', async () => {
    const id = await created(t.api, 'lead', { name: 'A2', phone: '13500000003' });
    const error = refused(await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, { d: [{ name: 'B2', phone: '13500000004' }, { name: 'C2', phone: '135.0000.0003' }] }));
    expect(error.extensions.duplicates).toEqual([expect.objectContaining({ pointer: '/data/1', id })]);
  });

  it('a refused create writes no record, no history and no change event', async () => {
    await created(t.api, 'lead', { name: 'A3', phone: '13500000005' });
    // History rows only grow (change events leave the outbox and are deleted once every subscriber has
    // passed them, so their count is no measure): the events of a write go in the statement that writes its
    // history, and any event of the refused record would name it.
    const events = async () => (await t.sql(`select (select count(*) from "${t.schema}"."_audit") as n,
      (select count(*) from "${t.schema}"."_outbox" o where o::text like '%B3%') + (select count(*) from "${t.schema}"."_events" e where e::text like '%B3%') as b3`))[0];
    const [records, written] = [await count(), await events()];
    refused(await create(t.api, 'lead', { name: 'B3', phone: '13500000005' }));
    expect([await count(), await events()]).toEqual([records, written]);
  });

  it('WARN in a batch: allowDuplicates keeps them all', async () => {
    const res = await t.api(`mutation($d: [LeadCreateInput!]!, $a: Boolean) { createLeads(data: $d, allowDuplicates: $a) { id } }`, { d: [{ name: 'Twin', phone: '13500000006' }, { name: 'twin ', phone: '13500000007' }] });
    expect(refused(res).extensions).toMatchObject({ allowDuplicates: true, duplicates: [{ pointer: '/data/1', rule: 'sameName', batchRecord: '/data/0' }] });
    expect(ok(await t.api(`mutation($d: [LeadCreateInput!]!, $a: Boolean) { createLeads(data: $d, allowDuplicates: $a) { id } }`, { d: [{ name: 'Twin', phone: '13500000006' }, { name: 'twin ', phone: '13500000007' }], a: true })).createLeads).toHaveLength(2);
  });
});

describe('updates', () => {
  it('updateLead: a value making a duplicate is refused; allowDuplicates lifts WARN only', async () => {
    const a = await created(t.api, 'lead', { name: 'U1', phone: '13600000001' });
    const b = await created(t.api, 'lead', { name: 'U2', phone: '13600000002' });
    const update = (data: Record<string, unknown>, allow?: boolean) => t.api(`mutation($id: ID!, $d: LeadUpdateInput!, $a: Boolean) { updateLead(id: $id, data: $d, allowDuplicates: $a) { id } }`, { id: b, d: data, a: allow });
    expect(refused(await update({ phone: '136 0000 0001' })).extensions.duplicates).toEqual([expect.objectContaining({ pointer: '/data', id: a, rule: 'samePhone' })]);
    expect(refused(await update({ phone: '136 0000 0001' }, true)).extensions.allowDuplicates).toBe(false);
    expect(refused(await update({ name: 'u1' })).extensions.duplicates).toEqual([expect.objectContaining({ id: a, rule: 'sameName', action: 'WARN' })]);
    ok(await update({ name: 'u1' }, true));
    // Now b duplicates a by name (allowed): editing something else does not trip over it.
    ok(await update({ status: 'contacted' }));
  });

  it('updateLeads: one value set on several records makes them duplicates of each other', async () => {
    const ids = [await created(t.api, 'lead', { name: 'M1', status: 'bulk' }), await created(t.api, 'lead', { name: 'M2', status: 'bulk' })];
    const error = refused(await t.api(`mutation { updateLeads(filter: { status: { eq: "bulk" } }, data: { phone: "13600000009" }) { count } }`));
    expect(error.extensions.duplicates).toEqual([expect.objectContaining({ pointer: '/data', rule: 'samePhone', fields: ['phone'] })]);
    expect(ids).toContain(error.extensions.duplicates[0].id);
    expect(ok(await t.api(`mutation { updateLeads(filter: { status: { eq: "bulk" } }, data: { status: "bulk2" }) { count } }`)).updateLeads.count).toBe(2);
  });
});

describe('upserts', () => {
  it('refuses the create branch and the update branch alike', async () => {
    const a = await created(t.api, 'lead', { name: 'P1', phone: '13700000001', email: 'p1@x.cn' });
    await created(t.api, 'lead', { name: 'P2', phone: '13700000002', email: 'p2@x.cn' });
    const upsert = (email: string, data: Record<string, unknown>, allow?: boolean) => t.api(`mutation($m: LeadMatchInput!, $d: LeadCreateInput!, $a: Boolean) { upsertLead(match: $m, data: $d, allowDuplicates: $a) { id } }`, { m: { email }, d: data, a: allow });
    expect(refused(await upsert('p3@x.cn', { name: 'P3', phone: '137-0000-0001' })).extensions.duplicates[0]).toMatchObject({ id: a, rule: 'samePhone' });
    expect(refused(await upsert('p2@x.cn', { name: 'P2', phone: '137-0000-0001' })).extensions.duplicates[0]).toMatchObject({ id: a, rule: 'samePhone' });
    expect(refused(await upsert('p3@x.cn', { name: 'p1', phone: '13700000003' })).extensions.duplicates[0]).toMatchObject({ id: a, rule: 'sameName' });
    ok(await upsert('p3@x.cn', { name: 'p1', phone: '13700000003' }, true));
  });
});

describe('the local API (plugin commands)', () => {
  it('a command creating a duplicate through api.create is refused; its write options lift WARN', async () => {
    const a = await created(t.api, 'lead', { name: 'L1', phone: '13800000001' });
    const run = (input: Record<string, unknown>) => t.api(`mutation($id: ID!, $i: JSON) { leadCopy(id: $id, input: $i) }`, { id: a, i: input });
    expect(refused(await run({ phone: '138 0000 0001' })).extensions).toMatchObject({ code: 'CONFLICT', duplicates: [{ id: a, rule: 'samePhone' }] });
    expect(refused(await run({ name: 'l1', phone: '13800000002' })).extensions).toMatchObject({ allowDuplicates: true });
    expect(refused(await run({ name: 'l1', phone: '13800000001', allow: true })).extensions).toMatchObject({ allowDuplicates: false });
    expect(ok(await run({ name: 'l1', phone: '13800000002', allow: true })).leadCopy.id).toBeTruthy();
  });
});

describe('restores', () => {
  it('a BLOCK rule refuses bringing back a record another has since duplicated; WARN rules let it back', async () => {
    const restore = (id: string) => t.api(`mutation($id: ID!) { restoreLead(id: $id) { id } }`, { id });
    const remove = async (id: string) => ok(await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id }));
    const old = await created(t.api, 'lead', { name: 'R1', phone: '13900000001' });
    await remove(old);
    const now = await created(t.api, 'lead', { name: 'R2', phone: '139 0000 0001' });
    const error = refused(await restore(old));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', allowDuplicates: false, duplicates: [{ pointer: '/id', rule: 'samePhone', id: now }] });
    expect((await t.sql(`select "deletedAt" from "${t.schema}"."lead" where id = $1`, [old]))[0].deletedAt).not.toBeNull();
    // Same name (WARN) only: back it comes.
    const named = await created(t.api, 'lead', { name: 'Restored Name', phone: '13900000002' });
    await remove(named);
    await created(t.api, 'lead', { name: 'restored name', phone: '13900000003' });
    expect(ok(await restore(named)).restoreLead.id).toBe(named);
  });
});
