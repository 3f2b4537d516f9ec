import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The README's start command, as a user runs it: `npm start` with no DATABASE_URL starts a real
 * embedded PostgreSQL in TESSERA_DATA_DIR, creates the demo tenant (a CRM), and stops cleanly on SIGTERM.
 * The CLI works against the same data directory while the server runs.
 */
describe('npm start on an embedded PostgreSQL', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  let output = '';
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tessera-e2e-'));
    // mkdtemp makes it 0700, as `mktemp -d` does: the server must cope (as root, PostgreSQL runs as `postgres`).
    port = await freePort();
    env = { ...process.env, DATABASE_URL: '', PORT: String(port), TESSERA_DATA_DIR: dir, TESSERA_PG_PORT: String(await freePort()), LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    server = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    server.stdout!.on('data', (chunk) => { output += chunk; });
    server.stderr!.on('data', (chunk) => { output += chunk; });
    for (let i = 0; i < 120; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not start:\n${output}`);
  });

  afterAll(async () => {
    if (server.exitCode === null) process.kill(-server.pid!, 'SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });

  it('runs PostgreSQL durable: fsync and synchronous commit on (only the test suite\'s throw-away cluster turns them off)', async () => {
    const client = new pg.Client({ connectionString: `postgres://tessera:tessera@127.0.0.1:${env.TESSERA_PG_PORT}/postgres` });
    await client.connect();
    try {
      const { rows: [row] } = await client.query(`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync, current_setting('full_page_writes') as fpw`);
      expect(row).toEqual({ fsync: 'on', sync: 'on', fpw: 'on' });
    } finally {
      await client.end();
    }
  });

  it('serves the studio at / (built when stale; a self-reloading 503 page while the build runs)', async () => {
    let res = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    for (let i = 0; res.status === 503 && i < 60; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      res = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    }
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/o/lead/123`, { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('created the demo tenant, a CRM with sample data, and printed its login once', async () => {
    expect(output).toContain('Tessera demo tenant created: the crm-core template with sample data');
    expect(output.match(/Tessera demo tenant created/g)).toHaveLength(1);
    const key = /API key:\s+(tsk_\S+)/.exec(output)?.[1];
    expect(key).toBeDefined();
    const post = async (path: string, query: string) => (await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }),
    })).json() as Promise<any>;
    const objects = (await post('/metadata', '{ objects { name } }')).data.objects.map((o: { name: string }) => o.name);
    expect(objects).toEqual(expect.arrayContaining(['account', 'contact', 'lead', 'opportunity', 'activity']));
    expect((await post('/graphql', '{ leadsAggregate { count } }')).data).toEqual({ leadsAggregate: [{ count: 300 }] });
  });

  it('lets the CLI create a tenant in the running server\'s database, whose key the server accepts', async () => {
    const { stdout } = await run('npx', ['tessera', 'tenant', 'create', 'acme', '--admin-email', 'admin@acme.test', '--admin-password', 'a-long-password', '--json'], { cwd: root, env });
    const created = JSON.parse(stdout);
    expect(created).toEqual({ tenant: { id: expect.any(String), slug: 'acme' }, apiKey: expect.stringMatching(/^tsk_/) });
    const res = await fetch(`http://127.0.0.1:${port}/metadata`, {
      method: 'POST', headers: { authorization: `Bearer ${created.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createObject(input: {name: "lead", fields: [{name: "phone", type: PHONE}]}) { name fields { type } } }' }),
    });
    expect(await res.json()).toEqual({ data: { createObject: { name: 'lead', fields: [{ type: 'PHONE' }] } } });
  });

  it('the CLI of the README: tenant create on the data directory, login with its key, metadata over HTTP', async () => {
    const cli: NodeJS.ProcessEnv = { ...env, XDG_CONFIG_HOME: path.join(dir, 'config') };
    delete cli.TESSERA_DATA_DIR; // named on the command line instead, as the README shows
    const { stdout } = await run('npx', ['tessera', 'tenant', 'create', 'globex', '--data-dir', dir, '--json'], { cwd: root, env: cli });
    const { apiKey } = JSON.parse(stdout);
    await run('npx', ['tessera', 'login', '--url', `http://127.0.0.1:${port}`, '--api-key', apiKey], { cwd: root, env: cli });
    const who = JSON.parse((await run('npx', ['tessera', 'whoami', '--json'], { cwd: root, env: cli })).stdout);
    expect(who.tenant.slug).toBe('globex');
    const document = path.join(dir, 'globex.json');
    await fs.writeFile(document, JSON.stringify({ objects: [{ name: 'visit', fields: [{ name: 'note', type: 'text' }] }] }));
    const plan = JSON.parse((await run('npx', ['tessera', 'metadata', 'apply', document, '--json'], { cwd: root, env: cli })).stdout);
    expect(plan.changes.map((c: { target: string }) => c.target)).toContain('visit');
    const res = await fetch(`http://127.0.0.1:${port}/metadata`, {
      method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ objects { name } }' }),
    });
    expect(await res.json()).toEqual({ data: { objects: [{ name: 'visit' }] } });
  });

  it('stops the server and PostgreSQL cleanly on SIGTERM', async () => {
    const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
    process.kill(-server.pid!, 'SIGTERM');
    await exited;
    // npm itself dies of the signal; the server below it closes HTTP and pools, then stops PostgreSQL.
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    for (let i = 0; i < 40 && (await fs.access(pidFile).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 250));
    await expect(fs.access(pidFile)).rejects.toThrow();
    expect(output).toContain('shutting down');
    expect(output).not.toMatch(/shutdown failed|TypeError/);
  });
});
