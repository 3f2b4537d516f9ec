import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, startTestServer } from '../support/server.ts';
import { studio } from '../auth/support.ts';
import { expectError, fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { create, ok, update } from './support.ts';

let server: RunningServer;
let t: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

const HISTORY = `query($o: String!, $id: ID!) { recordHistory(object: $o, id: $id) { at actor { id name email } via action changes { field before after } } }`;

describe('recordHistory', () => {
  it('returns the entries newest first, with actor, via, action and changes as JSON', async () => {
    const id = await create(t, 'Lead', { name: 'H', amount: { amount: 1 } });
    await update(t, 'Lead', id, { name: 'H2' });
    await update(t, 'Lead', id, { amount: { amount: 2, currency: 'EUR' } });
    const history = ok(await t.api(HISTORY, { o: 'lead', id })).recordHistory;
    expect(history.map((e: any) => e.action)).toEqual(['update', 'update', 'create']);
    const times = history.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(history[0]).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      actor: { id: t.adminId, name: 'Administrator', email: expect.stringContaining('@') },
      via: 'api',
      action: 'update',
      changes: [{ field: 'amount', before: { amount: 1, currency: 'USD' }, after: { amount: 2, currency: 'EUR' } }],
    });
    expect(history[1].changes).toEqual([{ field: 'name', before: 'H', after: 'H2' }]);
    expect(history[2].changes).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: 'H' }, { field: 'owner', before: null, after: t.adminId }]));
  });

  it('answers aliases, and alongside compiled root fields in one document', async () => {
    const id = await create(t, 'Lead', { name: 'Alias' });
    const res = ok(await t.api(`query($id: ID!) { lead(id: $id) { name } h: recordHistory(object: "lead", id: $id) { what: action who: actor { key: id ...N } changes { f: field a: after } } }
      fragment N on User { label: name }`, { id }));
    expect(res.lead).toEqual({ name: 'Alias' });
    expect(res.h).toHaveLength(1);
    expect(res.h[0]).toMatchObject({ what: 'create', who: { key: t.adminId, label: 'Administrator' } });
    expect(res.h[0].changes).toContainEqual({ f: 'name', a: 'Alias' });
  });

  it('records via studio for a signed-in session', async () => {
    const [admin] = await t.sql('select email from tessera.users where id = $1', [t.adminId]);
    const browser = await studio(server, admin.email, 'correct horse battery');
    const res = await browser.gql('/graphql', `mutation { createLead(data: {name: "From the studio"}) { id } }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const history = ok(await t.api(HISTORY, { o: 'lead', id: res.data.createLead.id })).recordHistory;
    expect(history.map((e: any) => [e.action, e.via, e.actor.id])).toEqual([['create', 'studio', t.adminId]]);
  });

  it('a soft-deleted record keeps its history readable', async () => {
    const id = await create(t, 'Lead', { name: 'Gone' });
    ok(await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id }));
    expect(ok(await t.api(HISTORY, { o: 'lead', id })).recordHistory.map((e: any) => e.action)).toEqual(['delete', 'create']);
  });

  it('is NOT_FOUND for another tenant\'s record, an unknown id or an unknown object', async () => {
    const other = await fixtureTenant(server);
    const theirs = await create(other, 'Lead', { name: 'Theirs' });
    expect(ok(await other.api(HISTORY, { o: 'lead', id: theirs })).recordHistory).toHaveLength(1);
    expectError(await t.api(HISTORY, { o: 'lead', id: theirs }), 'NOT_FOUND');
    expectError(await t.api(HISTORY, { o: 'lead', id: '00000000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
    expectError(await t.api(HISTORY, { o: 'nothing', id: theirs }), 'NOT_FOUND');
    expectError(await t.api(HISTORY, { o: 'lead', id: 'not-a-uuid' }), 'BAD_USER_INPUT');
  });
});

describe('recordHistory and security', () => {
  let rep: (query: string, variables?: Record<string, unknown>) => Promise<any>;
  beforeAll(async () => {
    const md = metadataClient(server, t.apiKey);
    ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: {
      name: 'rep',
      objectPermissions: [{ object: 'lead', read: true, create: true, update: true }, { object: 'invoice', read: true, create: true, update: true }],
      fieldPermissions: [{ object: 'lead', field: 'rating', read: false, update: false }],
    } }));
    ok(await md(`mutation($n: String!, $i: ObjectUpdateInput!) { updateObject(name: $n, input: $i) { name } }`, { n: 'invoice', i: { sharing: 'PRIVATE' } }));
    const user = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `rep-${Date.now()}@audit.test`, name: 'Rep', password: 'password of rep', role: 'rep' } }));
    const key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user.createUser.id })).createApiKey.key;
    rep = (query, variables) => gql(server, '/graphql', key, query, variables);
  });

  it('leaves out changes of fields the caller may not read', async () => {
    const id = await create(t, 'Lead', { name: 'Secret rating', rating: 4.5 });
    await update(t, 'Lead', id, { rating: 5, name: 'Still secret' });
    await update(t, 'Lead', id, { rating: 6 });
    const mine = ok(await t.api(HISTORY, { o: 'lead', id })).recordHistory;
    expect(mine[0].changes).toEqual([{ field: 'rating', before: 5, after: 6 }]);
    const theirs = ok(await rep(HISTORY, { o: 'lead', id })).recordHistory;
    expect(theirs.map((e: any) => e.action)).toEqual(['update', 'update', 'create']);
    expect(theirs[0].changes).toEqual([]);
    expect(theirs[1].changes).toEqual([{ field: 'name', before: 'Secret rating', after: 'Still secret' }]);
    expect(theirs[2].changes.map((c: any) => c.field)).not.toContain('rating');
    expect(theirs[2].changes.map((c: any) => c.field)).toContain('name');
  });

  it('is NOT_FOUND for a record the caller may not see, and for an object they may not read', async () => {
    const hidden = await create(t, 'Invoice', { number: 'INV-1' });
    expectError(await rep(HISTORY, { o: 'invoice', id: hidden }), 'NOT_FOUND');
    const own = ok(await rep(`mutation { createInvoice(data: {number: "INV-2"}) { id } }`)).createInvoice.id;
    const history = ok(await rep(HISTORY, { o: 'invoice', id: own })).recordHistory;
    expect(history.map((e: any) => [e.action, e.via, e.actor.name])).toEqual([['create', 'api', 'Rep']]);
    const account = await create(t, 'Account', { name: 'Not for reps' });
    expect(ok(await t.api(HISTORY, { o: 'account', id: account })).recordHistory).toHaveLength(1);
    expectError(await rep(HISTORY, { o: 'account', id: account }), 'NOT_FOUND');
  });
});
