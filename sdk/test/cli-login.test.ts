import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type CreatedTenant } from '@tessera/platform';
import { startTestServer, uniqueSlug } from '../../platform/test/support/server.ts';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { freePort, scratch, STACK, tessera } from './support.ts';

/**
 * `tessera login | whoami | logout` and every command through a saved login, against the real test
 * server, driven as child processes. Each test has its own config directory (XDG_CONFIG_HOME).
 */

let tmp: Awaited<ReturnType<typeof scratch>>;
let server: RunningServer;
let tenant: CreatedTenant;
let configs = 0;

beforeAll(async () => {
  tmp = await scratch('tessera-cli-login-');
  server = await startTestServer();
  tenant = await createTenant(server.platform.orm, { slug: uniqueSlug('login'), adminPassword: 'correct horse battery' });
});
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

/** A fresh config directory: where this "user" keeps their saved logins. */
function newUser(): { env: NodeJS.ProcessEnv; file: string } {
  configs += 1;
  const config = path.join(tmp.dir, `config-${configs}`);
  return { env: { XDG_CONFIG_HOME: config }, file: path.join(config, 'tessera', 'profiles.json') };
}

/** A key of its own for the tenant's admin (so that revoking it leaves the others alone). */
async function mintKey(): Promise<{ id: string; key: string }> {
  const res = await fetch(`${server.url}/metadata`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($user: ID!) { createApiKey(user: $user, name: "cli") { id key } }', variables: { user: tenant.admin.id } }),
  });
  return ((await res.json()) as { data: { createApiKey: { id: string; key: string } } }).data.createApiKey;
}

async function revoke(id: string): Promise<void> {
  const res = await fetch(`${server.url}/metadata`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', variables: { id } }),
  });
  expect(((await res.json()) as { data: { revokeApiKey: { revokedAt: string } } }).data.revokeApiKey.revokedAt).toBeTruthy();
}

describe('tessera login, whoami, logout', () => {
  it('login checks the key with the server, saves a 0600 profile, and every command then uses it', async () => {
    const { env, file } = newUser();
    const login = await tessera(['login', '--url', `${server.url}/`, '--api-key', tenant.apiKey], env);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${server.url} as ${tenant.admin.email}`);
    expect(login.stdout).toContain(`in tenant ${tenant.tenant.slug}`);
    expect(login.stdout).toContain(`Saved as profile "default" in ${file}`);
    expect(login.stderr).toBe('');

    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(saved).toEqual({ profiles: { default: { url: server.url, apiKey: tenant.apiKey, tenant: tenant.tenant.slug, user: tenant.admin.email } } });

    const who = await tessera(['whoami', '--json'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)).toEqual({
      url: server.url, profile: 'default',
      user: { id: tenant.admin.id, email: tenant.admin.email, name: expect.any(String), isAdmin: true },
      tenant: { id: tenant.tenant.id, slug: tenant.tenant.slug, name: expect.any(String) },
    });
    const text = await tessera(['whoami'], env);
    expect(text.stdout).toMatch(new RegExp(`^${tenant.admin.email.replace('.', '\\.')} \\(.*administrator\\)`));

    // Metadata commands go to that server, as that key's user (the history says who).
    const document = await tmp.file(`login-${tenant.tenant.slug}.json`, { objects: [{ name: 'visit', fields: [{ name: 'note', type: 'text' }] }] });
    const applied = await tessera(['metadata', 'apply', document, '--json'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).changes.map((c: { target: string }) => c.target)).toContain('visit');
    const pulled = await tessera(['metadata', 'pull'], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout).objects.map((o: { name: string }) => o.name)).toContain('visit');
    const { rows } = await server.platform.pool.query(`select actor_id, via from tessera.metadata_history where tenant_id = $1 and target = 'visit' order by at desc limit 1`, [tenant.tenant.id]);
    expect(rows[0]).toMatchObject({ actor_id: tenant.admin.id, via: 'api' });

    const logout = await tessera(['logout'], env);
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toContain('removed profile "default"');
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ profiles: {} });
    const after = await tessera(['whoami'], env);
    expect(after.code).toBe(4);
    expect(after.stderr).toMatch(/^error: Not logged in to a Tessera server: run "tessera login --url <url> --api-key <key>"/);
    expect((await tessera(['logout'], env)).stdout).toContain('nothing to do');
  });

  it('keeps named profiles apart: --profile and TESSERA_PROFILE choose, an unknown one is named', async () => {
    const { env, file } = newUser();
    const other = await createTenant(server.platform.orm, { slug: uniqueSlug('other') });
    expect((await tessera(['login', '--url', server.url, '--api-key', tenant.apiKey], env)).code).toBe(0);
    expect((await tessera(['login', '--profile', 'other', '--url', server.url, '--api-key', other.apiKey, '--json'], env)).code).toBe(0);
    expect(Object.keys(JSON.parse(await fs.readFile(file, 'utf8')).profiles).sort()).toEqual(['default', 'other']);

    const slugOf = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const run = await tessera(['whoami', '--json', ...args], { ...env, ...extra });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout).tenant.slug;
    };
    expect(await slugOf([])).toBe(tenant.tenant.slug);
    expect(await slugOf(['--profile', 'other'])).toBe(other.tenant.slug);
    expect(await slugOf([], { TESSERA_PROFILE: 'other' })).toBe(other.tenant.slug);
    // TESSERA_URL + TESSERA_API_KEY win over the saved login; --profile wins over them.
    expect(await slugOf([], { TESSERA_URL: server.url, TESSERA_API_KEY: other.apiKey })).toBe(other.tenant.slug);
    expect(await slugOf(['--profile', 'default'], { TESSERA_URL: server.url, TESSERA_API_KEY: other.apiKey })).toBe(tenant.tenant.slug);

    const missing = await tessera(['metadata', 'pull', '--profile', 'nope'], env);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain(`There is no saved login "nope" in ${file} (there are: default, other)`);
    const missingEnv = await tessera(['whoami'], { ...env, TESSERA_PROFILE: 'nope' });
    expect(missingEnv.code).toBe(4);

    expect((await tessera(['logout', '--profile', 'other'], env)).code).toBe(0);
    expect(Object.keys(JSON.parse(await fs.readFile(file, 'utf8')).profiles)).toEqual(['default']);
  });

  it('TESSERA_URL and TESSERA_API_KEY work without any saved login; login reads them too', async () => {
    const { env, file } = newUser();
    const viaEnv = { ...env, TESSERA_URL: server.url, TESSERA_API_KEY: tenant.apiKey };
    const who = await tessera(['whoami'], viaEnv);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain('via:     TESSERA_URL and TESSERA_API_KEY');
    await expect(fs.access(file)).rejects.toThrow();
    const half = await tessera(['whoami'], { ...env, TESSERA_URL: server.url });
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('TESSERA_URL is set but TESSERA_API_KEY is not');

    const login = await tessera(['login', '--json'], viaEnv);
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'default', file, url: server.url, tenant: { slug: tenant.tenant.slug } });
  });
});

describe('tessera login: what goes wrong, said clearly', () => {
  it('a server that is down: exit 3, nothing saved, no stack trace', async () => {
    const { env, file } = newUser();
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await tessera(['login', '--url', url, '--api-key', tenant.apiKey], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Cannot reach the Tessera server at ${url}: connection refused (is the server running, and on this port?)\n`);
    await expect(fs.access(file)).rejects.toThrow();
    const json = await tessera(['login', '--url', url, '--api-key', tenant.apiKey, '--json'], env);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a server that goes down after login: every command exits 3 and names the server', async () => {
    const { env } = newUser();
    const gone = await startTestServer();
    const url = gone.url;
    expect((await tessera(['login', '--url', url, '--api-key', tenant.apiKey], env)).code).toBe(0);
    await gone.close();
    for (const args of [['whoami'], ['metadata', 'pull'], ['metadata', 'apply', await tmp.file('down.json', { objects: [] })]]) {
      const run = await tessera(args, env);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr).toMatch(new RegExp(`^error: Cannot reach the Tessera server at ${url.replace(/\./g, '\\.')}: `));
      expect(run.stderr).not.toMatch(STACK);
    }
  });

  it('a URL that is not a Tessera server, or no host at all: exit 3, said so', async () => {
    const { env, file } = newUser();
    const other = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const run = await tessera(['login', '--url', url, '--api-key', tenant.apiKey], env);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(`error: ${url} does not look like a Tessera server: POST /metadata answered 404 text/html (check the URL)\n`);
    } finally {
      other.close();
    }
    const nowhere = await tessera(['login', '--url', 'http://tessera-no-such-host.invalid', '--api-key', tenant.apiKey], env);
    expect(nowhere.code).toBe(3);
    expect(nowhere.stderr).toMatch(/^error: Cannot reach the Tessera server at http:\/\/tessera-no-such-host\.invalid: (no such host|the host name could not be resolved)/);
    const malformed = await tessera(['login', '--url', 'localhost:4000', '--api-key', tenant.apiKey], env);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--url must be an http(s) URL such as http://localhost:4000');
    await expect(fs.access(file)).rejects.toThrow();
  });

  it('a wrong or revoked key: exit 4, login saves nothing, a saved login says to log in again', async () => {
    const { env, file } = newUser();
    const wrong = await tessera(['login', '--url', server.url, '--api-key', 'tsk_nope_nope'], env);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toBe(`error: ${server.url} refused the API key of --api-key (Unknown API key): it may have been revoked. Run "tessera login --url ${server.url} --api-key <key>" with a valid key\n`);
    await expect(fs.access(file)).rejects.toThrow();

    const { id, key } = await mintKey();
    expect((await tessera(['login', '--url', server.url, '--api-key', key], env)).code).toBe(0);
    await revoke(id);
    for (const args of [['whoami'], ['metadata', 'pull']]) {
      const run = await tessera(args, env);
      expect(run.code, args.join(' ')).toBe(4);
      expect(run.stderr).toContain(`refused the API key of profile "default" (Unknown API key)`);
      expect(run.stderr).not.toMatch(STACK);
    }
    const json = await tessera(['whoami', '--json'], env);
    expect(JSON.parse(json.stdout).error.code).toBe('UNAUTHENTICATED');
    // Logging in with the revoked key again is refused too, and the saved profile stays as it was.
    expect((await tessera(['login', '--url', server.url, '--api-key', key], env)).code).toBe(4);
  });

  it('a profiles file others can read is refused (its keys may have leaked); login makes it 0600 again and says so', async () => {
    const { env, file } = newUser();
    expect((await tessera(['login', '--url', server.url, '--api-key', tenant.apiKey], env)).code).toBe(0);
    await fs.chmod(file, 0o644);
    const run = await tessera(['metadata', 'pull'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ${file} can be read or changed by other users (mode 0644), and it holds API keys: run "chmod 600 ${file}" (and consider revoking its keys), or log in again\n`);
    expect((await tessera(['whoami'], env)).code).toBe(1);

    const again = await tessera(['login', '--url', server.url, '--api-key', tenant.apiKey], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`warning: ${file} could be read by other users (mode 0644); it is 0600 now`);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await tessera(['whoami'], env)).code).toBe(0);
  });

  it('a corrupt or malformed profiles file is refused with its path and the fix; login does not overwrite it', async () => {
    const { env, file } = newUser();
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.writeFile(file, '{"profiles": {"default": ', { mode: 0o600 });
    const corrupt = await tessera(['whoami'], env);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.]/g, '\\.')} is not valid JSON \\(.+\\): fix it, or delete it and run "tessera login" again\\n$`));
    const login = await tessera(['login', '--url', server.url, '--api-key', tenant.apiKey], env);
    expect(login.code).toBe(1);
    expect(await fs.readFile(file, 'utf8')).toBe('{"profiles": {"default": ');

    await fs.writeFile(file, JSON.stringify({ profiles: { default: { url: 'localhost', apiKey: 5 }, ok: { url: server.url, apiKey: 'k' } } }));
    const malformed = await tessera(['metadata', 'pull', '--json'], env);
    expect(malformed.code).toBe(1);
    expect(JSON.parse(malformed.stdout).error).toEqual({
      code: 'BAD_USER_INPUT',
      message: `${file} is not a valid profiles file: fix it, or delete it and run "tessera login" again`,
      details: [{ pointer: '/profiles/default/url', message: 'must be an http(s) URL' }, { pointer: '/profiles/default/apiKey', message: 'must be a non-empty string' }],
    });
  });
});
