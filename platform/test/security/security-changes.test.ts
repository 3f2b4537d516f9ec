import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

/** Undoing security setup: roles, permission sets and groups deleted, sets edited and unassigned, members removed. */
let server: RunningServer;
let md: ReturnType<typeof metadataClient>;
let repId: string;
let repKey: string;
let tenantId: string;

const ok = (res: { errors?: unknown; data?: any }) => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};
const repCount = async () => gql(server, '/graphql', repKey, '{ deals { totalCount } }');

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'secchg');
  tenantId = t.tenant.id;
  md = metadataClient(server, t.apiKey);
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [{ name: 'deal', fields: [{ name: 'name', type: 'text' }] }] } }));
  ok(await md(`mutation { createRole(input: {name: "boss"}) { id } }`));
  ok(await md(`mutation { createRole(input: {name: "rep", parent: "boss"}) { id } }`));
  repId = ok(await md(`mutation { createUser(input: {email: "rep@secchg.test", name: "Rep", role: "rep"}) { id } }`)).createUser.id;
  repKey = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: repId })).createApiKey.key;
});
afterAll(() => server?.close());

describe('security changes', () => {
  it('edits, unassigns and deletes a permission set; the user\'s rights follow at once', async () => {
    ok(await md(`mutation { createPermissionSet(input: {name: "dealReaders", objectPermissions: [{object: "deal", read: true}]}) { id } }`));
    ok(await md(`mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "dealReaders") { id } }`, { u: repId }));
    expect((await repCount()).data.deals.totalCount).toBe(0);

    ok(await md(`mutation { updatePermissionSet(name: "dealReaders", input: {objectPermissions: [{object: "deal", read: false}]}) { name } }`));
    expect((await repCount()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    ok(await md(`mutation { updatePermissionSet(name: "dealReaders", input: {objectPermissions: [{object: "deal", read: true}]}) { name } }`));
    expect((await repCount()).errors).toBeUndefined();

    ok(await md(`mutation($u: ID!) { unassignPermissionSet(user: $u, permissionSet: "dealReaders") { name } }`, { u: repId }));
    expect((await repCount()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const again = await md(`mutation($u: ID!) { unassignPermissionSet(user: $u, permissionSet: "dealReaders") { name } }`, { u: repId });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', errors: [{ pointer: '/permissionSet' }] });

    expect(ok(await md(`mutation { deletePermissionSet(name: "dealReaders") }`)).deletePermissionSet).toBe(true);
    expect(ok(await md('{ permissionSets { name } }')).permissionSets).toEqual([]);
  });

  it('refuses to delete a role still in use, naming what uses it, then deletes it once free', async () => {
    const refused = await md(`mutation { deleteRole(name: "boss") }`);
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0].extensions?.dependants).toEqual([{ kind: 'role', name: 'rep', pointer: '/parent' }]);
    const used = await md(`mutation { deleteRole(name: "rep") }`);
    expect(used.errors?.[0].extensions?.dependants).toEqual([{ kind: 'user', name: 'rep@secchg.test', pointer: '/role' }]);
    expect(used.errors?.[0].message).toMatch(/used by user rep@secchg\.test/);

    ok(await md(`mutation($u: ID!) { updateUser(id: $u, input: {role: null}) { id } }`, { u: repId }));
    expect(ok(await md(`mutation { deleteRole(name: "rep") }`)).deleteRole).toBe(true);
    expect(ok(await md(`mutation { deleteRole(name: "boss") }`)).deleteRole).toBe(true);
    expect(ok(await md('{ roles { name } }')).roles).toEqual([]);
    const history = (await server.platform.pool.query(`select action from tessera.metadata_history where tenant_id = $1 and action = 'deleteRole' order by at`, [tenantId])).rows.map((r) => r.action);
    expect(history).toEqual(['deleteRole', 'deleteRole']);
  });

  it('removes group members and deletes a group no rule uses', async () => {
    ok(await md(`mutation($u: ID!) { createGroup(input: {name: "north", members: [{user: $u}]}) { id } }`, { u: repId }));
    ok(await md(`mutation { createSharingRule(input: {object: "deal", filter: {name: {eq: "x"}}, shareWith: {group: "north"}, access: READ}) { id } }`));
    const refused = await md(`mutation { deleteGroup(name: "north") }`);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(refused.errors?.[0].extensions?.dependants).toEqual([{ kind: 'sharingRule', name: 'dealRule1', pointer: '/shareWith' }]);

    const group = ok(await md(`mutation($u: ID!) { removeGroupMember(group: "north", member: {user: $u}) { name members } }`, { u: repId })).removeGroupMember;
    expect(group).toEqual({ name: 'north', members: [] });
    const notMember = await md(`mutation($u: ID!) { removeGroupMember(group: "north", member: {user: $u}) { name } }`, { u: repId });
    expect(notMember.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const rules = ok(await md('{ sharingRules { id } }')).sharingRules as { id: string }[];
    for (const r of rules) ok(await md(`mutation($id: ID!) { deleteSharingRule(id: $id) { id } }`, { id: r.id }));
    expect(ok(await md(`mutation { deleteGroup(name: "north") }`)).deleteGroup).toBe(true);
    expect(ok(await md('{ groups { name } }')).groups).toEqual([]);
  });

  it('needs manageUsers', async () => {
    const res = await gql(server, '/metadata', repKey, `mutation { deletePermissionSet(name: "whatever") }`);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
