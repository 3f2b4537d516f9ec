import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * `users(search, ids, first)` on /graphql: the directory a user without manageUsers picks an owner
 * from and reads history names with — active users by search, any user by id, never another tenant's.
 */
let server: RunningServer;
let repKey: string;
const ids: Record<string, string> = {};
let otherTenantUser: string;

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'dir');
  const md = metadataClient(server, t.apiKey);
  const ok = async (q: string, v?: Record<string, unknown>) => {
    const res = await md(q, v);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  await ok('mutation { createRole(input: {name: "rep"}) { name } }');
  for (const [key, name] of [['wang', '王芳'], ['zhao', 'Zhao Lei'], ['gone', 'Gone Person']]) {
    ids[key] = (await ok('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `${key}@dir.test`, name, role: 'rep' } })).createUser.id;
  }
  await ok('mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { id } }', { id: ids.gone });
  repKey = (await ok('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: ids.zhao })).createApiKey.key;
  const other = await newTenant(server, 'dir2');
  otherTenantUser = other.admin.id;
});
afterAll(async () => { await server?.close(); });

const asRep = (query: string, variables?: Record<string, unknown>) => gql(server, '/graphql', repKey, query, variables);

describe('the user directory on /graphql', () => {
  it('lists active users by name for a caller without manageUsers, and finds them by a fragment of name or e-mail', async () => {
    const all = await asRep('{ users { name email } }');
    expect(all.errors, JSON.stringify(all.errors)).toBeUndefined();
    const names = all.data.users.map((u: { name: string }) => u.name);
    expect(names).toContain('王芳');
    expect(names).toContain('Zhao Lei');
    expect(names).not.toContain('Gone Person');
    expect((await asRep('{ users(search: "王") { name } }')).data.users).toEqual([{ name: '王芳' }]);
    expect((await asRep('{ users(search: "ZHAO@DIR") { email } }')).data.users).toEqual([{ email: 'zhao@dir.test' }]);
    expect((await asRep('{ users(search: "%") { name } }')).data.users).toEqual([]);
    expect((await asRep('{ users(first: 1) { id } }')).data.users).toHaveLength(1);
  });

  it('resolves ids to names, deactivated users included, and never another tenant\'s user', async () => {
    const res = await asRep('query($ids: [ID!]) { users(ids: $ids) { id name } }', { ids: [ids.gone, ids.wang, otherTenantUser, 'not-a-uuid'] });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.users).toEqual([{ id: ids.gone, name: 'Gone Person' }, { id: ids.wang, name: '王芳' }]);
  });

  it('answers with aliases and alongside record reads in one document', async () => {
    const res = await asRep('{ me: users(first: 1, search: "zhao") { key: id who: name } v: metadataVersion }');
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.me).toEqual([{ key: ids.zhao, who: 'Zhao Lei' }]);
  });
});
