import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

const SAVE = `mutation($i: SaveListViewInput!) { saveListView(input: $i) { id object name shared mine ownerId filters sort columns } }`;
const LIST = `query($o: String!) { listViews(object: $o) { id name shared mine } }`;
const DELETE = `mutation($id: ID!) { deleteListView(id: $id) }`;

/** A tenant with a `deal` object, its admin, and a rep without admin capabilities (each with an API key). */
async function tenantWithRep() {
  const tenant = await newTenant(server);
  const admin = metadataClient(server, tenant.apiKey);
  const created = await admin(`mutation { createObject(input: {name: "deal", label: "Deal", fields: [{name: "title", type: TEXT}]}) { name } }`);
  expect(created.errors).toBeUndefined();
  const rep = (await admin(`mutation { createUser(input: {email: "rep@example.com", name: "Rep"}) { id } }`)).data.createUser.id;
  const key = (await admin(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: rep })).data.createApiKey.key;
  return { tenant, admin, rep: metadataClient(server, key), repId: rep };
}

describe('saved list views (metadata API)', () => {
  it('saves a private view its owner sees and others do not; a shared one everyone sees', async () => {
    const { admin, rep, repId } = await tenantWithRep();
    const mine = await rep(SAVE, { i: { object: 'deal', name: 'My open deals', filters: [{ field: 'title', op: 'startsWith', value: 'A' }], sort: { field: 'title', direction: 'ASC' }, columns: ['title'] } });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.saveListView).toMatchObject({ object: 'deal', name: 'My open deals', shared: false, mine: true, ownerId: repId, filters: [{ field: 'title', op: 'startsWith', value: 'A' }], sort: { field: 'title', direction: 'ASC' }, columns: ['title'] });
    const team = await admin(SAVE, { i: { object: 'deal', name: 'Team', shared: true } });
    expect(team.data.saveListView).toMatchObject({ shared: true, filters: [], sort: null, columns: null });
    expect((await rep(LIST, { o: 'deal' })).data.listViews.map((v: any) => [v.name, v.mine])).toEqual([['My open deals', true], ['Team', false]]);
    expect((await admin(LIST, { o: 'deal' })).data.listViews.map((v: any) => v.name)).toEqual(['Team']);
    expect((await rep(LIST, { o: 'account' })).data.listViews).toEqual([]);
  });

  it('only the owner changes or deletes a view, unless the caller has manageMetadata', async () => {
    const { admin, rep } = await tenantWithRep();
    const shared = (await admin(SAVE, { i: { object: 'deal', name: 'Admin shared', shared: true } })).data.saveListView.id;
    const refused = await rep(SAVE, { i: { id: shared, object: 'deal', name: 'Hijacked' } });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await rep(DELETE, { id: shared })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const repShared = (await rep(SAVE, { i: { object: 'deal', name: 'Rep shared', shared: true } })).data.saveListView.id;
    const renamed = await admin(SAVE, { i: { id: repShared, object: 'deal', name: 'Renamed by admin', shared: true } });
    expect(renamed.data.saveListView).toMatchObject({ name: 'Renamed by admin', mine: false });
    const repPrivate = (await rep(SAVE, { i: { object: 'deal', name: 'Rep private' } })).data.saveListView.id;
    expect((await admin(DELETE, { id: repPrivate })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await rep(DELETE, { id: repPrivate })).data.deleteListView).toBe(true);
    expect((await admin(DELETE, { id: repShared })).data.deleteListView).toBe(true);
    expect((await rep(LIST, { o: 'deal' })).data.listViews.map((v: any) => v.name)).toEqual(['Admin shared']);
  });

  it('is tenant-isolated: another tenant can neither list, change nor delete a view', async () => {
    const a = await tenantWithRep();
    const b = await tenantWithRep();
    const id = (await a.admin(SAVE, { i: { object: 'deal', name: 'Shared in A', shared: true } })).data.saveListView.id;
    expect((await b.admin(LIST, { o: 'deal' })).data.listViews).toEqual([]);
    expect((await b.admin(SAVE, { i: { id, object: 'deal', name: 'From B' } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await b.admin(DELETE, { id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await a.rep(LIST, { o: 'deal' })).data.listViews.map((v: any) => v.name)).toEqual(['Shared in A']);
  });

  it('refuses a view without a name, on an unknown object, or with a name the owner already uses', async () => {
    const { rep } = await tenantWithRep();
    const noName = await rep(SAVE, { i: { object: 'deal', name: '  ' } });
    expect(noName.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/input/name' }] });
    expect((await rep(SAVE, { i: { object: 'nope', name: 'X' } })).errors?.[0].extensions?.errors?.[0].pointer).toBe('/input/object');
    expect((await rep(SAVE, { i: { object: 'deal', name: 'X', columns: [1] } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await rep(SAVE, { i: { object: 'deal', name: 'Twice' } });
    expect((await rep(SAVE, { i: { object: 'deal', name: 'Twice' } })).errors?.[0].extensions?.code).toBe('UNIQUE_VIOLATION');
  });
});
