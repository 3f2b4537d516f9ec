import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { expectError, fixtureTenant, LEAD_FIELDS, type FixtureTenant } from './fixture.ts';

let server: RunningServer;
let t: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

async function createAccount(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.api(`mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }`, { d: { name, ...extra } });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.createAccount.id;
}

async function createLead(data: Record<string, unknown>, select = 'id updatedAt'): Promise<any> {
  const res = await t.api(`mutation($d: LeadCreateInput!) { createLead(data: $d) { ${select} } }`, { d: data });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.createLead;
}

describe('create', () => {
  it('writes a value of every field type and reads each back as written', async () => {
    const account = await createAccount('Every type Inc');
    const data = {
      name: 'Every Type', email: 'every@example.com', phone: '+1 (555) 010-2030', website: 'https://example.com/x?y=1',
      status: 'MQL', score: -42, rating: 123.45, probability: 12.5, amount: { amount: 1999.99, currency: 'EUR' },
      tags: ['hot', 'vip'], extra: { nested: [1, 'two', { three: true }], n: null }, born: '1990-02-28',
      seenAt: '2026-03-31T09:30:00.123Z', notes: 'line one\nline two', body: '<p>Hello <b>world</b></p>', active: false,
      extId: '5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b7c11', location: { lat: 48.8566, lng: 2.3522 }, account, reviewer: t.adminId,
    };
    const created = await createLead(data, LEAD_FIELDS);
    const read = await t.api(`query($id: ID!) { lead(id: $id) { ${LEAD_FIELDS} } }`, { id: created.id });
    expect(read.errors).toBeUndefined();
    for (const record of [created, read.data.lead]) {
      expect(record).toMatchObject({
        ...data, seenAt: expect.any(String), account: { id: account, name: 'Every type Inc' }, reviewer: { id: t.adminId, name: 'Administrator' },
      });
      expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(record.seenAt).toISOString()).toBe(data.seenAt);
    }
    expect(await t.count('lead', 'id = $1 and email = $2 and score = -42 and "amount__currency" = $3', [created.id, 'every@example.com', 'EUR'])).toBe(1);
  });

  it('applies field defaults (select, integer, boolean, currency code) when a value is absent', async () => {
    const lead = await createLead({ name: 'Defaults', amount: { amount: 5 } }, 'status score active amount { amount currency } tags');
    expect(lead).toEqual({ status: 'New', score: 10, active: true, amount: { amount: 5, currency: 'USD' }, tags: null });
  });

  it('an explicit null is written instead of the default, alone or in a batch', async () => {
    const lead = await createLead({ name: 'Nulls', score: null }, 'score status');
    expect(lead).toEqual({ score: null, status: 'New' });
    const res = await t.api(`mutation { createLeads(data: [{name: "Nulls 1", score: null}, {name: "Nulls 2", score: 5}, {name: "Nulls 3"}]) { score } }`);
    expect(res.data.createLeads).toEqual([{ score: null }, { score: 5 }, { score: 10 }]);
  });

  it('createLeads writes all 50 records and returns them in input order', async () => {
    const d = Array.from({ length: 50 }, (_, i) => ({ name: `Batch ok ${i}`, score: i }));
    const res = await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { name score } }`, { d });
    expect(res.errors).toBeUndefined();
    expect(res.data.createLeads.map((l: any) => l.score)).toEqual(d.map((x) => x.score));
    expect(await t.count('lead', `name like 'Batch ok %'`)).toBe(50);
  });

  it('createLeads is atomic: one bad record among 50 writes nothing and points at /data/<i>/<field>', async () => {
    const d = Array.from({ length: 50 }, (_, i) => ({ name: `Atomic ${i}`, email: i === 37 ? 'not-an-email' : `atomic${i}@example.com` }));
    const err = expectError(await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, { d }), 'VALIDATION_FAILED');
    expect(err.extensions!.errors).toEqual([expect.objectContaining({ pointer: '/data/37/email', field: 'email' })]);
    expect(await t.count('lead', `name like 'Atomic %'`)).toBe(0);
  });

  it('createLeads is atomic when the bad record is only found in the database (a missing lookup target)', async () => {
    const d = Array.from({ length: 50 }, (_, i) => ({ name: `Atomic ref ${i}`, ...(i === 12 ? { account: '00000000-0000-7000-8000-000000000000' } : {}) }));
    const err = expectError(await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, { d }), 'REFERENCE_NOT_FOUND');
    expect(err.extensions!.errors[0].pointer).toBe('/data/12/account');
    expect(await t.count('lead', `name like 'Atomic ref %'`)).toBe(0);
  });
});

describe('update', () => {
  it('updateLead changes only the fields it is given', async () => {
    const lead = await createLead({ name: 'Partial', email: 'partial@example.com', score: 3, tags: ['cold'] });
    const res = await t.api(`mutation($id: ID!) { updateLead(id: $id, data: {score: 99, status: SQL}) { name email score status tags updatedAt } }`, { id: lead.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateLead).toMatchObject({ name: 'Partial', email: 'partial@example.com', score: 99, status: 'SQL', tags: ['cold'] });
    expect(Date.parse(res.data.updateLead.updatedAt)).toBeGreaterThan(Date.parse(lead.updatedAt));
    const [row] = await t.sql(`select name, score, status from "${t.schema}"."lead" where id = $1`, [lead.id]);
    expect(row).toEqual({ name: 'Partial', score: 99, status: 'SQL' });
  });

  it('updateLead can clear a field with null', async () => {
    const lead = await createLead({ name: 'Clear', score: 3 });
    const res = await t.api(`mutation($id: ID!) { updateLead(id: $id, data: {score: null}) { score } }`, { id: lead.id });
    expect(res.data.updateLead).toEqual({ score: null });
  });

  it('updateLead with expectedUpdatedAt succeeds when it equals the record, and answers CONFLICT once the record moved on', async () => {
    const lead = await createLead({ name: 'Optimistic', score: 1 });
    const ok = await t.api(`mutation($id: ID!, $at: DateTime) { updateLead(id: $id, data: {score: 2}, expectedUpdatedAt: $at) { score updatedAt } }`, { id: lead.id, at: lead.updatedAt });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updateLead.score).toBe(2);
    // A second writer still holding the first updatedAt is refused, and the record keeps the first write.
    const stale = await t.api(`mutation($id: ID!, $at: DateTime) { updateLead(id: $id, data: {score: 3}, expectedUpdatedAt: $at) { score } }`, { id: lead.id, at: lead.updatedAt });
    const err = expectError(stale, 'CONFLICT');
    expect(err.extensions!.errors[0].pointer).toBe('/expectedUpdatedAt');
    expect(await t.count('lead', 'id = $1 and score = 2', [lead.id])).toBe(1);
    // With the new updatedAt it goes through.
    const again = await t.api(`mutation($id: ID!, $at: DateTime) { updateLead(id: $id, data: {score: 4}, expectedUpdatedAt: $at) { score } }`, { id: lead.id, at: ok.data.updateLead.updatedAt });
    expect(again.data?.updateLead, JSON.stringify(again.errors)).toEqual({ score: 4 });
  });

  it('updateLeads by filter updates the matching records only and returns their count and ids', async () => {
    const d = Array.from({ length: 6 }, (_, i) => ({ name: `Bulk upd ${i}`, score: 1000 + i, status: i % 2 ? 'MQL' : 'SQL' }));
    const created = await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id status } }`, { d });
    const mql = created.data.createLeads.filter((l: any) => l.status === 'MQL').map((l: any) => l.id).sort();
    const res = await t.api(`mutation { updateLeads(filter: {name: {startsWith: "Bulk upd"}, status: {eq: MQL}}, data: {score: 7, tags: [vip]}) { count ids } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateLeads.count).toBe(3);
    expect([...res.data.updateLeads.ids].sort()).toEqual(mql);
    expect(await t.count('lead', `name like 'Bulk upd %' and score = 7 and tags = '{vip}'`)).toBe(3);
    expect(await t.count('lead', `name like 'Bulk upd %' and score >= 1000`)).toBe(3);
  });

  it('updateLeads matching nothing answers count 0', async () => {
    const res = await t.api(`mutation { updateLeads(filter: {name: {eq: "nobody at all"}}, data: {score: 1}) { count ids } }`);
    expect(res.data.updateLeads).toEqual({ count: 0, ids: [] });
  });
});

describe('delete and restore', () => {
  it('deleteLead is soft: gone from lists and lead(id), the row keeps "deletedAt"; restoreLead brings it back', async () => {
    const lead = await createLead({ name: 'Soft delete me', email: 'soft@example.com' });
    const del = await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id name } }`, { id: lead.id });
    expect(del.errors).toBeUndefined();
    expect(del.data.deleteLead).toEqual({ id: lead.id, name: 'Soft delete me' });
    const after = await t.api(`query($id: ID!) { lead(id: $id) { id } leads(filter: {name: {eq: "Soft delete me"}}) { totalCount nodes { id } } }`, { id: lead.id });
    expect(after.data).toEqual({ lead: null, leads: { totalCount: 0, nodes: [] } });
    expect(await t.count('lead', 'id = $1 and "deletedAt" is not null', [lead.id])).toBe(1);

    const restored = await t.api(`mutation($id: ID!) { restoreLead(id: $id) { id name email } }`, { id: lead.id });
    expect(restored.data.restoreLead).toEqual({ id: lead.id, name: 'Soft delete me', email: 'soft@example.com' });
    const back = await t.api(`query($id: ID!) { lead(id: $id) { name } leads(filter: {name: {eq: "Soft delete me"}}) { totalCount } }`, { id: lead.id });
    expect(back.data).toEqual({ lead: { name: 'Soft delete me' }, leads: { totalCount: 1 } });
    expect(await t.count('lead', 'id = $1 and "deletedAt" is null', [lead.id])).toBe(1);
  });

  it('deleting a master cascades to its master-detail children; restoring it restores them (but not a child deleted before)', async () => {
    const account = await createAccount('Cascade Co');
    const c = await t.api(`mutation($d: [ContactCreateInput!]!) { createContacts(data: $d) { id } }`, { d: [1, 2, 3].map((i) => ({ name: `Cascade contact ${i}`, account })) });
    const [early] = c.data.createContacts.map((x: any) => x.id);
    expect((await t.api(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: early })).errors).toBeUndefined();
    expect((await t.api(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: account })).errors).toBeUndefined();
    expect(await t.count('contact', `name like 'Cascade contact %' and "deletedAt" is null`)).toBe(0);
    expect((await t.api(`{ contacts(filter: {name: {startsWith: "Cascade contact"}}) { totalCount } }`)).data.contacts.totalCount).toBe(0);

    const r = await t.api(`mutation($id: ID!) { restoreAccount(id: $id) { name contacts { totalCount nodes { name } } } }`, { id: account });
    expect(r.errors).toBeUndefined();
    expect(r.data.restoreAccount.contacts.totalCount).toBe(2);
    expect(await t.count('contact', `name like 'Cascade contact %' and "deletedAt" is null`)).toBe(2);
    expect(await t.count('contact', 'id = $1 and "deletedAt" is not null', [early])).toBe(1);
  });

  it('deleting a lookup target sets the (setNull) lookups to null', async () => {
    const account = await createAccount('SetNull Co');
    const lead = await createLead({ name: 'Orphan to be', account });
    expect((await t.api(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: account })).errors).toBeUndefined();
    const read = await t.api(`query($id: ID!) { lead(id: $id) { name account { id } } }`, { id: lead.id });
    expect(read.data.lead).toEqual({ name: 'Orphan to be', account: null });
    expect(await t.count('lead', 'id = $1 and account is null and "deletedAt" is null', [lead.id])).toBe(1);
  });

  it('a restrict lookup refuses the deletion with CONFLICT while a live record looks it up, and allows it after', async () => {
    const account = await createAccount('Restrict Co');
    const inv = await t.api(`mutation($a: ID!) { createInvoice(data: {number: "INV-1", account: $a}) { id } }`, { a: account });
    const err = expectError(await t.api(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: account }), 'CONFLICT');
    expect(err.message).toMatch(/invoice/);
    expect(await t.count('account', 'id = $1 and "deletedAt" is null', [account])).toBe(1);
    expect(await t.count('invoice', '"deletedAt" is null and account = $1', [account])).toBe(1);
    // Once the invoice is deleted (soft), the account can go.
    await t.api(`mutation($id: ID!) { deleteInvoice(id: $id) { id } }`, { id: inv.data.createInvoice.id });
    const ok = await t.api(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: account });
    expect(ok.errors).toBeUndefined();
    expect(await t.count('account', 'id = $1 and "deletedAt" is not null', [account])).toBe(1);
  });

  it('deleteLeads by filter soft-deletes the matching records and returns their count and ids', async () => {
    const d = Array.from({ length: 5 }, (_, i) => ({ name: `Bulk del ${i}`, score: i }));
    const created = await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id score } }`, { d });
    const doomed = created.data.createLeads.filter((l: any) => l.score >= 2).map((l: any) => l.id).sort();
    const res = await t.api(`mutation { deleteLeads(filter: {name: {startsWith: "Bulk del"}, score: {gte: 2}}) { count ids } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteLeads.count).toBe(3);
    expect([...res.data.deleteLeads.ids].sort()).toEqual(doomed);
    expect(await t.count('lead', `name like 'Bulk del %' and "deletedAt" is null`)).toBe(2);
    expect(await t.count('lead', `name like 'Bulk del %'`)).toBe(5);
    expect((await t.api(`{ leads(filter: {name: {startsWith: "Bulk del"}}) { totalCount } }`)).data.leads.totalCount).toBe(2);
  });
});

describe('upsert', () => {
  it('upsertLead by a unique field creates the record, then updates that same record', async () => {
    const q = `mutation($d: LeadCreateInput!) { upsertLead(match: {email: "upsert@example.com"}, data: $d) { id name email score } }`;
    const first = await t.api(q, { d: { name: 'Upsert v1', score: 1 } });
    expect(first.errors).toBeUndefined();
    expect(first.data.upsertLead).toMatchObject({ name: 'Upsert v1', email: 'upsert@example.com', score: 1 });
    const second = await t.api(q, { d: { name: 'Upsert v2', score: 2 } });
    expect(second.errors).toBeUndefined();
    expect(second.data.upsertLead).toEqual({ id: first.data.upsertLead.id, name: 'Upsert v2', email: 'upsert@example.com', score: 2 });
    expect(await t.count('lead', `email = 'upsert@example.com'`)).toBe(1);
  });

  it('upsertLead by id creates a record with that id when none exists', async () => {
    const id = '01900000-0000-7000-8000-00000000abcd';
    const res = await t.api(`mutation($id: ID!) { upsertLead(match: {id: $id}, data: {name: "Upsert by id"}) { id name } }`, { id });
    expect(res.data?.upsertLead, JSON.stringify(res.errors)).toEqual({ id, name: 'Upsert by id' });
    const again = await t.api(`mutation($id: ID!) { upsertLead(match: {id: $id}, data: {name: "Upsert by id 2"}) { id name } }`, { id });
    expect(again.data.upsertLead).toEqual({ id, name: 'Upsert by id 2' });
    expect(await t.count('lead', 'id = $1', [id])).toBe(1);
  });

  it('upsertLead with a match naming two fields is refused with BAD_USER_INPUT and writes nothing', async () => {
    const res = await t.api(`mutation { upsertLead(match: {email: "two@example.com", extId: "5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b7c99"}, data: {name: "Upsert two"}) { id } }`);
    expectError(res, 'BAD_USER_INPUT');
    expect(await t.count('lead', `name = 'Upsert two'`)).toBe(0);
  });
});

describe('read-back of mutations', () => {
  it('createLead answers nested selections through the lookup and its reverse connection, in the same transaction', async () => {
    const account = await createAccount('Nested Co', { industry: 'tech' });
    await createLead({ name: 'Nested sibling', account });
    const res = await t.api(`mutation($a: ID!) { createLead(data: {name: "Nested", account: $a}) { name account { name industry leads(orderBy: [{name: ASC}]) { totalCount nodes { name } } } } }`, { a: account });
    expect(res.errors).toBeUndefined();
    expect(res.data.createLead).toEqual({ name: 'Nested', account: { name: 'Nested Co', industry: 'tech', leads: { totalCount: 2, nodes: [{ name: 'Nested' }, { name: 'Nested sibling' }] } } });
    const totalOnly = await t.api(`mutation($a: ID!) { createLead(data: {name: "Nested 3", account: $a}) { account { leads { totalCount } } } }`, { a: account });
    expect(totalOnly.data?.createLead, JSON.stringify(totalOnly.errors)).toEqual({ account: { leads: { totalCount: 3 } } });
  });

  it('requests with x-tessera-trace: 1 (which skip the fast path) answer queries and mutations the same', async () => {
    const post = async (query: string, variables?: unknown, trace = true) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}`, ...(trace ? { 'x-tessera-trace': '1' } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await post(`mutation { createLead(data: {name: "Traced", score: 5}) { id name score } }`);
    expect(created.status).toBe(200);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createLead).toMatchObject({ name: 'Traced', score: 5 });
    const q = `{ leads(filter: {name: {eq: "Traced"}}) { totalCount nodes { name score } } }`;
    const traced = await post(q);
    const fast = await post(q, undefined, false);
    expect(traced.status).toBe(200);
    expect(traced.body.data).toEqual({ leads: { totalCount: 1, nodes: [{ name: 'Traced', score: 5 }] } });
    expect(traced.body.data).toEqual(fast.body.data);
    const bad = await post(`{ leads(first: 501) { totalCount } }`);
    expect(bad.body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
  });
});
