import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { create, entries, ok, update } from './support.ts';

let server: RunningServer;
let t: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

describe('create', () => {
  it('createLead: one entry with every non-null field (defaults included, API values) before null, by the caller via api', async () => {
    const account = await create(t, 'Account', { name: 'Acme' });
    const id = await create(t, 'Lead', {
      name: 'Ada', amount: { amount: 10 }, tags: ['hot'], extra: { b: 1, a: [true] }, seenAt: '2026-03-31T11:30:00+02:00',
      location: { lat: 1.5, lng: 2 }, account, phone: null, rating: 10.5,
    });
    const [entry, ...more] = await entries(t, 'lead', id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'create', actorId: t.adminId, via: 'api' });
    expect(entry.changes).toEqual({
      name: [null, 'Ada'], status: [null, 'New'], score: [null, 10], active: [null, true], amount: [null, { amount: 10, currency: 'USD' }],
      tags: [null, ['hot']], extra: [null, { a: [true], b: 1 }], seenAt: [null, '2026-03-31T09:30:00.000Z'], location: [null, { lat: 1.5, lng: 2 }],
      account: [null, account], rating: [null, 10.5], owner: [null, t.adminId],
    });
  });

  it('a value the column rounds (more decimals than the scale) is recorded as stored', async () => {
    const id = await create(t, 'Lead', { name: 'Rounded', rating: 1.239, probability: 33.333 });
    const [entry] = await entries(t, 'lead', id);
    expect(entry.changes.rating).toEqual([null, 1.24]);
    expect(entry.changes.probability).toEqual([null, 33.33]);
    expect(entry.changes.name).toEqual([null, 'Rounded']);
  });

  it('createLeads: exactly one entry per record, in one batch', async () => {
    const res = ok(await t.api(`mutation { createLeads(data: [{name: "B1"}, {name: "B2", score: null}, {name: "B3", score: 7}]) { id } }`));
    const ids = res.createLeads.map((r: { id: string }) => r.id);
    const all = await Promise.all(ids.map((id: string) => entries(t, 'lead', id)));
    expect(all.map((e) => e.length)).toEqual([1, 1, 1]);
    expect(all.map((e) => e[0].changes.score)).toEqual([[null, 10], undefined, [null, 7]]);
    expect(new Set(all.map((e) => e[0].at)).size).toBe(1);
  });

  it('a refused write leaves no entry', async () => {
    const before = (await entries(t, 'lead')).length;
    const res = await t.api(`mutation { createLeads(data: [{name: "ok"}, {name: "bad", email: "not an email"}]) { id } }`);
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect((await entries(t, 'lead')).length).toBe(before);
  });
});

describe('update', () => {
  it('updateLead: only the fields whose API value changed, with before and after', async () => {
    const id = await create(t, 'Lead', { name: 'U', rating: 10, amount: { amount: 5, currency: 'EUR' }, tags: ['hot'], born: '2000-01-01' });
    await update(t, 'Lead', id, { name: 'U2', rating: 10.0, amount: { amount: 6, currency: 'EUR' }, tags: ['hot'], born: '2000-01-02', status: 'New' });
    const [, entry] = await entries(t, 'lead', id);
    expect(entry).toMatchObject({ action: 'update', actorId: t.adminId, via: 'api' });
    expect(entry.changes).toEqual({
      name: ['U', 'U2'], amount: [{ amount: 5, currency: 'EUR' }, { amount: 6, currency: 'EUR' }], born: ['2000-01-01', '2000-01-02'],
    });
  });

  it('an update that changes nothing writes no entry; explicit nulls are recorded', async () => {
    const id = await create(t, 'Lead', { name: 'N', score: 3, extra: { x: 1 }, location: { lat: 1, lng: 1 } });
    await update(t, 'Lead', id, { name: 'N', score: 3, extra: { x: 1 } });
    expect((await entries(t, 'lead', id)).map((e) => e.action)).toEqual(['create']);
    await update(t, 'Lead', id, { score: null, extra: null, location: null, phone: null });
    const [, entry] = await entries(t, 'lead', id);
    expect(entry.changes).toEqual({ score: [3, null], extra: [{ x: 1 }, null], location: [{ lat: 1, lng: 1 }, null] });
  });

  it('a record created with no owner (owner: null, a public pool\'s) is recorded with none, as stored (was: the caller)', async () => {
    const id = await create(t, 'Lead', { name: 'Public', owner: null });
    const [entry] = await entries(t, 'lead', id);
    expect(entry.changes.owner).toBeUndefined();
    expect(ok(await t.api('query($id: ID!) { lead(id: $id) { owner { id } } }', { id })).lead.owner).toBeNull();
  });

  it('changing the owner is recorded', async () => {
    const other = (await t.sql(`insert into tessera.users (id, tenant_id, email, name) values (tessera.new_id(), $1, $2, 'Other') returning id`, [t.id, `other-${Date.now()}@x.test`]))[0].id;
    const id = await create(t, 'Lead', { name: 'Owned' });
    await update(t, 'Lead', id, { owner: other });
    const [, entry] = await entries(t, 'lead', id);
    expect(entry.changes).toEqual({ owner: [t.adminId, other] });
  });

  it('updateLeads: one entry per record that changed, none for those already equal', async () => {
    const ids = [await create(t, 'Lead', { name: 'M1', notes: 'bulk' }), await create(t, 'Lead', { name: 'M2', notes: 'bulk' }), await create(t, 'Lead', { name: 'M3', notes: 'bulk', status: 'SQL' })];
    const res = ok(await t.api(`mutation { updateLeads(filter: {notes: {eq: "bulk"}}, data: {status: SQL}) { count } }`));
    expect(res.updateLeads.count).toBe(3);
    const all = await Promise.all(ids.map((id) => entries(t, 'lead', id)));
    expect(all.map((e) => e.map((x) => x.action))).toEqual([['create', 'update'], ['create', 'update'], ['create']]);
    expect(all[0][1].changes).toEqual({ status: ['New', 'SQL'] });
  });
});

describe('delete and restore', () => {
  it('deleteLead and restoreLead: one entry each, no field changes', async () => {
    const id = await create(t, 'Lead', { name: 'D' });
    ok(await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id }));
    ok(await t.api(`mutation($id: ID!) { restoreLead(id: $id) { id } }`, { id }));
    const list = await entries(t, 'lead', id);
    expect(list.map((e) => e.action)).toEqual(['create', 'delete', 'restore']);
    expect(list.slice(1).map((e) => [e.changes, e.actorId, e.via])).toEqual([[{}, t.adminId, 'api'], [{}, t.adminId, 'api']]);
  });

  it('deleteLeads: one entry per deleted record', async () => {
    const ids = [await create(t, 'Lead', { name: 'DM', notes: 'dm' }), await create(t, 'Lead', { name: 'DM', notes: 'dm' })];
    expect(ok(await t.api(`mutation { deleteLeads(filter: {notes: {eq: "dm"}}) { count } }`)).deleteLeads.count).toBe(2);
    for (const id of ids) expect((await entries(t, 'lead', id)).map((e) => e.action)).toEqual(['create', 'delete']);
  });

  it('deleting an account: its master-detail children are deleted and its setNull lookups cleared, each audited; restoring restores the children', async () => {
    const account = await create(t, 'Account', { name: 'Parent' });
    const contacts = [await create(t, 'Contact', { name: 'C1', account }), await create(t, 'Contact', { name: 'C2', account })];
    const lead = await create(t, 'Lead', { name: 'Looks up', account });
    ok(await t.api(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: account }));
    expect((await entries(t, 'account', account)).map((e) => e.action)).toEqual(['create', 'delete']);
    for (const c of contacts) expect((await entries(t, 'contact', c)).map((e) => e.action)).toEqual(['create', 'delete']);
    const [, cleared] = await entries(t, 'lead', lead);
    expect(cleared).toMatchObject({ action: 'update', actorId: t.adminId, via: 'api', changes: { account: [account, null] } });

    ok(await t.api(`mutation($id: ID!) { restoreAccount(id: $id) { id } }`, { id: account }));
    expect((await entries(t, 'account', account)).map((e) => e.action)).toEqual(['create', 'delete', 'restore']);
    for (const c of contacts) expect((await entries(t, 'contact', c)).map((e) => [e.action, e.via])).toEqual([['create', 'api'], ['delete', 'api'], ['restore', 'api']]);
    expect((await entries(t, 'lead', lead)).length).toBe(2);
  });
});

describe('upsert', () => {
  it('upsertLead creates (a create entry), then updates (an update entry with the changes)', async () => {
    const q = `mutation($d: LeadCreateInput!) { upsertLead(match: {email: "audit-upsert@example.com"}, data: $d) { id } }`;
    const id = ok(await t.api(q, { d: { name: 'First', score: 1 } })).upsertLead.id;
    expect(ok(await t.api(q, { d: { name: 'Second', score: 1 } })).upsertLead.id).toBe(id);
    const list = await entries(t, 'lead', id);
    expect(list.map((e) => e.action)).toEqual(['create', 'update']);
    expect(list[0].changes).toMatchObject({ name: [null, 'First'], email: [null, 'audit-upsert@example.com'], score: [null, 1] });
    expect(list[1].changes).toEqual({ name: ['First', 'Second'] });
  });
});
