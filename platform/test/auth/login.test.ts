import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';
import { cookieOf, login, post, studio } from './support.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });
beforeEach(() => server.platform.loginThrottle.reset());

const PASSWORD = 'correct horse battery';

let n = 0;
/** Emails are unique per tenant only, and other test files share the database: each test uses its own. */
const uniqueEmail = () => `rep-${process.pid}-${Date.now()}-${n++}@example.com`;

async function tenantWithUser(email = uniqueEmail(), extra: Record<string, unknown> = {}) {
  const tenant = await newTenant(server);
  const md = metadataClient(server, tenant.apiKey);
  const res = await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email, name: 'Rep', password: 'rep password 1', ...extra } });
  expect(res.errors).toBeUndefined();
  return { tenant, md, userId: res.data.createUser.id as string, email };
}

describe('POST /auth/login', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and answers the user, tenant and CSRF token', async () => {
    const tenant = await newTenant(server);
    const res = await login(server, tenant.admin.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: tenant.admin.id, name: 'Administrator', email: tenant.admin.email, locale: 'en' },
      tenant: { id: tenant.tenant.id, slug: tenant.tenant.slug },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tessera_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('Max-Age=43200');
    expect(setCookie).not.toContain('Secure'); // plain http here
    // Only the token's SHA-256 is stored.
    const token = cookieOf(res).split('=')[1];
    const { rows } = await server.platform.pool.query('select id from tessera.sessions where user_id = $1', [tenant.admin.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(token);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a session works on /metadata and /graphql, with the CSRF header for POST; without it POST is 403', async () => {
    const tenant = await newTenant(server);
    const browser = await studio(server, tenant.admin.email, PASSWORD);
    const me = await browser.gql('/metadata', '{ me { id email isAdmin } }');
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toEqual({ id: tenant.admin.id, email: tenant.admin.email, isAdmin: true });
    const created = await browser.gql('/metadata', 'mutation { createObject(input: {name: "lead", fields: [{name: "name", type: TEXT}]}) { name } }');
    expect(created.errors).toBeUndefined();
    const history = await server.platform.pool.query('select via from tessera.metadata_history where tenant_id = $1 and action = $2', [tenant.tenant.id, 'createObject']);
    expect(history.rows).toEqual([{ via: 'studio' }]);
    const data = await browser.gql('/graphql', 'mutation { createLead(data: {name: "Ann"}) { name } }');
    expect(data.errors).toBeUndefined();
    expect(data.data.createLead).toEqual({ name: 'Ann' });
    const list = await browser.gql('/graphql', '{ leads { nodes { name } } }');
    expect(list.data.leads.nodes).toEqual([{ name: 'Ann' }]);

    for (const path of ['/metadata', '/graphql']) {
      const refused = await browser.gql(path, '{ __typename }', undefined, { csrf: false });
      expect(refused.status).toBe(403);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const wrong = await fetch(server.url + '/metadata', { method: 'POST', headers: { 'content-type': 'application/json', cookie: browser.cookie, 'x-csrf-token': 'x'.repeat(43) }, body: '{"query":"{ __typename }"}' });
    expect(wrong.status).toBe(403);
    // GET needs no CSRF token.
    const get = await fetch(`${server.url}/metadata?query=${encodeURIComponent('{ me { id } }')}`, { headers: { cookie: browser.cookie, accept: 'application/json' } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.me.id).toBe(tenant.admin.id);
    // A Bearer key needs no CSRF token, cookie or not.
    const bearer = await fetch(server.url + '/metadata', { method: 'POST', headers: { 'content-type': 'application/json', cookie: browser.cookie, authorization: `Bearer ${tenant.apiKey}` }, body: '{"query":"{ me { id } }"}' });
    expect(bearer.status).toBe(200);
  });

  it('answers identical 401s for a wrong password and an unknown email', async () => {
    const tenant = await newTenant(server);
    const wrong = await login(server, tenant.admin.email, 'not the password');
    const unknown = await login(server, `nobody-${tenant.tenant.slug}@example.com`, 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    // Both verify a password hash: an unknown email takes about as long as a wrong password.
    const time = async (email: string) => { const t0 = performance.now(); await login(server, email, 'not the password'); return performance.now() - t0; };
    // Interleaved rounds, the fastest of each kind: a moment of load on a shared machine slows one
    // sample, not the minimum of five taken side by side.
    let known = Infinity;
    let missing = Infinity;
    for (let round = 0; round < 5; round++) {
      known = Math.min(known, await time(tenant.admin.email));
      missing = Math.min(missing, await time(`nobody@${tenant.tenant.slug}.x`));
    }
    expect(missing).toBeGreaterThan(known * 0.5);
  });

  it('refuses an inactive user with the same 401, and deactivating ends their sessions at once', async () => {
    const { md, userId, email, tenant } = await tenantWithUser();
    const browser = await studio(server, email, 'rep password 1', tenant.tenant.slug);
    expect((await browser.gql('/metadata', '{ me { id } }')).data.me.id).toBe(userId);
    const off = await md(`mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { isActive } }`, { id: userId });
    expect(off.data.updateUser.isActive).toBe(false);
    expect((await browser.gql('/metadata', '{ me { id } }')).status).toBe(401);
    const res = await login(server, email, 'rep password 1');
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toBe('Wrong email or password');
  });

  it('asks for the tenant when the email belongs to users of two tenants', async () => {
    const email = uniqueEmail();
    const a = await tenantWithUser(email);
    const b = await tenantWithUser(email);
    const ambiguous = await login(server, email, 'rep password 1');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/tenant' }] });
    const inB = await login(server, email.toUpperCase(), 'rep password 1', b.tenant.tenant.slug);
    expect(inB.status).toBe(200);
    expect(inB.body.tenant).toEqual({ id: b.tenant.tenant.id, slug: b.tenant.tenant.slug });
    expect(inB.body.user.id).toBe(b.userId);
    expect((await login(server, email, 'rep password 1', a.tenant.tenant.slug)).body.user.id).toBe(a.userId);
  });

  it('refuses a malformed body with 400', async () => {
    const res = await post(server, '/auth/login', { email: 'x@y.z' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/password' }] });
  });
});

describe('GET /auth/session and POST /auth/logout', () => {
  it('tells who is signed in; logout (with the CSRF token) ends the session and clears the cookie', async () => {
    const tenant = await newTenant(server);
    const browser = await studio(server, tenant.admin.email, PASSWORD);
    const session = await fetch(server.url + '/auth/session', { headers: { cookie: browser.cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ user: { id: tenant.admin.id }, tenant: { slug: tenant.tenant.slug }, csrfToken: browser.csrfToken });

    const noCsrf = await post(server, '/auth/logout', {}, { cookie: browser.cookie });
    expect(noCsrf.status).toBe(403);
    const out = await post(server, '/auth/logout', {}, { cookie: browser.cookie, 'x-csrf-token': browser.csrfToken });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^tessera_session=;.*Max-Age=0/);
    expect((await fetch(server.url + '/auth/session', { headers: { cookie: browser.cookie } })).status).toBe(401);
    expect((await browser.gql('/metadata', '{ me { id } }')).status).toBe(401);
    const { rows } = await server.platform.pool.query('select count(*)::int as n from tessera.sessions where user_id = $1', [tenant.admin.id]);
    expect(rows[0].n).toBe(0);
  });

  it('without a cookie or key /metadata and /auth/session answer 401', async () => {
    expect((await fetch(server.url + '/auth/session')).status).toBe(401);
    expect((await gql(server, '/metadata', undefined, '{ me { id } }')).status).toBe(401);
    const bogus = await fetch(server.url + '/metadata?query={__typename}', { headers: { cookie: 'tessera_session=' + 'A'.repeat(43), accept: 'application/json' } });
    expect(bogus.status).toBe(401);
  });
});
