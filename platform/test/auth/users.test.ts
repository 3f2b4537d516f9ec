import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from '../support/server.ts';
import { login } from './support.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { id email name locale isActive isAdmin role manager { id name } } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id name locale isActive isAdmin role manager { id name } } }`;

async function setup() {
  const tenant = await newTenant(server);
  await server.platform.pool.query(`insert into tessera.roles (tenant_id, name) values ($1, 'Sales'), ($1, 'Support')`, [tenant.tenant.id]);
  return { tenant, md: metadataClient(server, tenant.apiKey) };
}

const userCount = async (tenantId: string) => (await server.platform.pool.query('select count(*)::int as n from tessera.users where tenant_id = $1', [tenantId])).rows[0].n as number;

describe('createUser', () => {
  it('creates a user with a role and a manager, who can sign in', async () => {
    const { tenant, md } = await setup();
    const res = await md(CREATE, { i: { email: 'Rep@Example.com', name: 'Rep One', password: 'rep password 1', role: 'Sales', manager: tenant.admin.id, locale: 'zh-CN' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createUser).toMatchObject({ email: 'Rep@Example.com', name: 'Rep One', locale: 'zh-CN', isActive: true, isAdmin: false, role: 'Sales', manager: { id: tenant.admin.id, name: 'Administrator' } });
    const row = (await server.platform.pool.query('select password_hash from tessera.users where id = $1', [res.data.createUser.id])).rows[0];
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect((await login(server, 'rep@example.com', 'rep password 1', tenant.tenant.slug)).status).toBe(200);
    const history = await server.platform.pool.query(`select action, via from tessera.metadata_history where tenant_id = $1 and action = 'createUser'`, [tenant.tenant.id]);
    expect(history.rows).toEqual([{ action: 'createUser', via: 'api' }]);
    expect(JSON.stringify((await server.platform.pool.query('select after from tessera.metadata_history where tenant_id = $1', [tenant.tenant.id])).rows)).not.toContain('scrypt');
  });

  it.each([
    ['an unknown role', { role: 'Nope' }, 'REFERENCE_NOT_FOUND', '/role'],
    ['a manager of another tenant', { manager: 'OTHER' }, 'REFERENCE_NOT_FOUND', '/manager'],
    ['a manager that is no uuid', { manager: 'nobody' }, 'REFERENCE_NOT_FOUND', '/manager'],
    ['a duplicate email (any case)', { email: 'ADMIN' }, 'CONFLICT', '/email'],
    ['a short password', { password: 'short' }, 'VALIDATION_FAILED', '/password'],
    ['a malformed email', { email: 'not-an-email' }, 'VALIDATION_FAILED', '/email'],
    ['an empty name', { name: ' ' }, 'VALIDATION_FAILED', '/name'],
    ['a malformed locale', { locale: 'English!' }, 'VALIDATION_FAILED', '/locale'],
  ])('refuses %s with its pointer and writes nothing', async (_what, patch: Record<string, string>, code, pointer) => {
    const { tenant, md } = await setup();
    const other = await newTenant(server);
    const input: Record<string, string> = { email: 'new@example.com', name: 'New', password: 'long enough', ...patch };
    if (input.manager === 'OTHER') input.manager = other.admin.id;
    if (input.email === 'ADMIN') input.email = tenant.admin.email.toUpperCase();
    const before = await userCount(tenant.tenant.id);
    const res = await md(CREATE, { i: input });
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code, errors: [{ pointer }] });
    expect(await userCount(tenant.tenant.id)).toBe(before);
    const history = await server.platform.pool.query('select count(*)::int as n from tessera.metadata_history where tenant_id = $1', [tenant.tenant.id]);
    expect(history.rows[0].n).toBe(0);
  });
});

describe('updateUser, users, user, me', () => {
  it('changes role, manager, locale and password; null removes role and manager', async () => {
    const { tenant, md } = await setup();
    const id = (await md(CREATE, { i: { email: 'a@example.com', name: 'A', role: 'Sales' } })).data.createUser.id;
    const up = await md(UPDATE, { id, i: { role: 'Support', manager: tenant.admin.id, locale: 'de', name: 'A2', password: 'new password 9' } });
    expect(up.errors).toBeUndefined();
    expect(up.data.updateUser).toMatchObject({ name: 'A2', locale: 'de', role: 'Support', manager: { id: tenant.admin.id } });
    expect((await login(server, 'a@example.com', 'new password 9', tenant.tenant.slug)).status).toBe(200);
    const cleared = await md(UPDATE, { id, i: { role: null, manager: null } });
    expect(cleared.data.updateUser).toMatchObject({ name: 'A2', role: null, manager: null });
    const cycle = await md(UPDATE, { id: tenant.admin.id, i: { manager: tenant.admin.id } });
    expect(cycle.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manager' }] });
    const missing = await md(UPDATE, { id: '00000000-0000-7000-8000-000000000000', i: { name: 'x' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lists users, reads one, and answers me', async () => {
    const { tenant, md } = await setup();
    await md(CREATE, { i: { email: 'b@example.com', name: 'B', manager: tenant.admin.id } });
    const res = await md(`{ users { email manager { name } } me { id isAdmin } user(id: "${tenant.admin.id}") { email } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.users).toEqual([{ email: tenant.admin.email, manager: null }, { email: 'b@example.com', manager: { name: 'Administrator' } }]);
    expect(res.data.me).toEqual({ id: tenant.admin.id, isAdmin: true });
    expect(res.data.user.email).toBe(tenant.admin.email);
  });

  it('keeps the last active administrator: cannot deactivate or demote themself (CONFLICT)', async () => {
    const { tenant, md } = await setup();
    for (const i of [{ isActive: false }, { isAdmin: false }]) {
      const res = await md(UPDATE, { id: tenant.admin.id, i });
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    }
    const second = (await md(CREATE, { i: { email: 'second@example.com', name: 'Second', isAdmin: true } })).data.createUser.id;
    const demoted = await md(UPDATE, { id: tenant.admin.id, i: { isAdmin: false } });
    expect(demoted.errors).toBeUndefined();
    expect(demoted.data.updateUser.isAdmin).toBe(false);
    // The change takes effect at once: the old admin key is no longer an administrator's.
    expect((await md(`{ users { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const remaining = await server.platform.pool.query('select id from tessera.users where tenant_id = $1 and is_admin', [tenant.tenant.id]);
    expect(remaining.rows).toEqual([{ id: second }]);
  });

  it('a non-admin cannot create or change users, nor list them (FORBIDDEN), but can read me', async () => {
    const { tenant, md } = await setup();
    const rep = (await md(CREATE, { i: { email: 'rep@example.com', name: 'Rep' } })).data.createUser.id;
    const key = (await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: rep })).data.createApiKey.key;
    const asRep = metadataClient(server, key);
    const created = await asRep(CREATE, { i: { email: 'x@example.com', name: 'X' } });
    expect(created.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await userCount(tenant.tenant.id)).toBe(2);
    expect((await asRep(UPDATE, { id: rep, i: { isAdmin: true } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await asRep('{ users { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await asRep(`{ user(id: "${tenant.admin.id}") { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await asRep('{ me { id isAdmin } }')).data.me).toEqual({ id: rep, isAdmin: false });
  });

  it('me tells the caller\'s capabilities (an admin: all; a user: their permission sets\'); another user\'s are not shown', async () => {
    const { md } = await setup();
    expect((await md('{ me { capabilities } }')).data.me.capabilities).toEqual(['manageMetadata', 'manageUsers', 'manageApps', 'importData', 'exportData', 'manageWorkflows']);
    const rep = (await md(CREATE, { i: { email: 'rep@example.com', name: 'Rep' } })).data.createUser.id;
    const asRep = metadataClient(server, (await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: rep })).data.createApiKey.key);
    expect((await asRep('{ me { capabilities } }')).data.me.capabilities).toEqual([]);
    expect((await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { permissionSets: [{ name: 'runs', capabilities: ['manageWorkflows'] }] } })).errors).toBeUndefined();
    expect((await md('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "runs") { id } }', { u: rep })).errors).toBeUndefined();
    expect((await asRep('{ me { capabilities } }')).data.me.capabilities).toEqual(['manageWorkflows']);
    expect((await md(`{ user(id: "${rep}") { capabilities } }`)).data.user.capabilities).toBeNull();
  });
});
