import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

const CREATE_KEY = `mutation($u: ID!, $n: String) { createApiKey(user: $u, name: $n) { id key name prefix createdAt user { id } } }`;
const LIST = `query($u: ID) { apiKeys(user: $u) { id name prefix createdAt lastUsedAt revokedAt user { id name } } }`;

async function setup() {
  const tenant = await newTenant(server);
  const md = metadataClient(server, tenant.apiKey);
  const rep = (await md(`mutation { createUser(input: {email: "rep@example.com", name: "Rep"}) { id } }`)).data.createUser.id as string;
  return { tenant, md, rep };
}

describe('API keys', () => {
  it('creates a key shown once, lists keys without secrets, and a revoked key is refused at once', async () => {
    const { tenant, md, rep } = await setup();
    const created = await md(CREATE_KEY, { u: rep, n: 'ci' });
    expect(created.errors).toBeUndefined();
    const { id, key, prefix } = created.data.createApiKey;
    expect(key).toMatch(new RegExp(`^tsk_${prefix}_[A-Za-z0-9_-]{43}$`));
    expect(created.data.createApiKey).toMatchObject({ name: 'ci', user: { id: rep } });
    const asRep = metadataClient(server, key);
    expect((await asRep('{ me { id } }')).data.me.id).toBe(rep);

    const list = await md(LIST, {});
    expect(list.errors).toBeUndefined();
    expect(list.data.apiKeys.map((k: any) => k.name).sort()).toEqual(['admin key', 'ci']);
    const listed = list.data.apiKeys.find((k: any) => k.id === id);
    expect(listed).toMatchObject({ prefix, revokedAt: null, user: { id: rep, name: 'Rep' } });
    // last_used_at is written off the request path (auth/authenticate.ts): it lands shortly after.
    for (let i = 0; i < 100 && !(await md(LIST, {})).data.apiKeys.find((k: any) => k.id === id).lastUsedAt; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await md(LIST, {})).data.apiKeys.find((k: any) => k.id === id).lastUsedAt).not.toBeNull();
    const secret = key.slice('tsk_'.length + prefix.length + 1); // base64url: the secret itself may hold '_'
    expect(secret).toHaveLength(43);
    const hash = (await server.platform.pool.query('select secret_hash from tessera.api_keys where id = $1', [id])).rows[0].secret_hash;
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(JSON.stringify(list)).not.toContain(hash);
    const fields = await md(`{ __type(name: "ApiKey") { fields { name } } }`);
    expect(fields.data.__type.fields.map((f: any) => f.name).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'user']);

    const revoked = await md(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id });
    expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
    for (const path of ['/metadata', '/graphql']) {
      const refused = await gql(server, path, key, '{ __typename }');
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await md(LIST, { u: rep })).data.apiKeys[0].revokedAt).toBe(revoked.data.revokeApiKey.revokedAt);
    expect(tenant.tenant.id).toBeDefined();
  });

  it('records creating and revoking a key in the security history: who, via, the key without its secret', async () => {
    const { tenant, md, rep } = await setup();
    const versionBefore = (await server.platform.pool.query('select security_version as v from tessera.tenants where id = $1', [tenant.tenant.id])).rows[0].v;
    const created = (await md(CREATE_KEY, { u: rep, n: 'audited' })).data.createApiKey;
    expect((await md(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: created.id })).errors).toBeUndefined();
    const { rows } = await server.platform.pool.query(
      `select action, actor_id, via, target, before, after, security_version from tessera.metadata_history where tenant_id = $1 and action in ('createApiKey', 'revokeApiKey') order by seq`, [tenant.tenant.id]);
    expect(rows.map((r) => r.action)).toEqual(['createApiKey', 'revokeApiKey']);
    for (const r of rows) expect(r).toMatchObject({ actor_id: tenant.admin.id, via: 'api' });
    expect(rows[0].after).toMatchObject({ id: created.id, name: 'audited', prefix: created.prefix, userId: rep, revokedAt: null });
    expect(rows[1].before).toMatchObject({ id: created.id, revokedAt: null });
    expect(rows[1].after.revokedAt).not.toBeNull();
    const hash = (await server.platform.pool.query('select secret_hash from tessera.api_keys where id = $1', [created.id])).rows[0].secret_hash;
    expect(JSON.stringify(rows)).not.toContain(created.key.slice('tsk_'.length + created.prefix.length + 1));
    expect(JSON.stringify(rows)).not.toContain(hash);
    // Keys change no one's rights: the security version (and every cached security context) stays.
    expect((await server.platform.pool.query('select security_version as v from tessera.tenants where id = $1', [tenant.tenant.id])).rows[0].v).toBe(versionBefore);
    expect(rows.every((r) => String(r.security_version) === String(versionBefore))).toBe(true);
  });

  it('writes lastUsedAt at most once a minute per key', async () => {
    const { md, tenant } = await setup();
    const lastUsed = async () => (await server.platform.pool.query('select last_used_at from tessera.api_keys where tenant_id = $1', [tenant.tenant.id])).rows[0].last_used_at as string | null;
    await md('{ me { id } }');
    await new Promise((r) => setTimeout(r, 50));
    const first = await lastUsed();
    expect(first).not.toBeNull();
    for (let i = 0; i < 3; i++) await md('{ me { id } }');
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toBe(first);
  });

  it('a non-admin manages only their own keys (FORBIDDEN for others\')', async () => {
    const { tenant, md, rep } = await setup();
    const own = (await md(CREATE_KEY, { u: rep })).data.createApiKey.key;
    const asRep = metadataClient(server, own);
    const forOther = await asRep(CREATE_KEY, { u: tenant.admin.id });
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const forSelf = await asRep(CREATE_KEY, { u: rep, n: 'mine' });
    expect(forSelf.errors).toBeUndefined();
    const mine = await asRep(LIST, {});
    expect(mine.data.apiKeys.every((k: any) => k.user.id === rep)).toBe(true);
    expect(mine.data.apiKeys).toHaveLength(2);
    expect((await asRep(LIST, { u: tenant.admin.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const adminKeyId = (await md(LIST, { u: tenant.admin.id })).data.apiKeys[0].id;
    expect((await asRep(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: adminKeyId })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await md('{ me { id } }')).data.me.id).toBe(tenant.admin.id);
    const keys = (await server.platform.pool.query('select count(*)::int as n from tessera.api_keys where tenant_id = $1', [tenant.tenant.id])).rows[0].n;
    expect(keys).toBe(3);
  });

  it('keys of another tenant are NOT_FOUND', async () => {
    const a = await setup();
    const b = await setup();
    const bKey = (await b.md(LIST, {})).data.apiKeys[0].id;
    expect((await a.md(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: bKey })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await a.md(CREATE_KEY, { u: b.rep })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
