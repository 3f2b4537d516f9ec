import { randomBytes } from 'node:crypto';
import { createTenant, readConfig, startServer } from '@tessera/platform';
import { createPlugin } from '../../src/index.ts';
import { OBJECTS } from './objects.ts';

/**
 * The server as its own process, for the tests whose failure would take the server down (a crash)
 * or stop its event loop (a hang): run inside the test runner, they would take the runner with it.
 * Starts the real server with the script runtime on DATABASE_URL, creates TENANTS tenants with the
 * test objects and `SCRIPT_SETTINGS` as their script limits, and prints one line:
 * `READY {"url": …, "pid": …, "tenants": [{"id": …, "apiKey": …}]}`.
 */
const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: process.env.DATABASE_URL };
const server = await startServer(config, { demoTenant: false, plugins: [createPlugin()] });
const tenants = [];
for (let i = 0; i < Number(process.env.TENANTS ?? 2); i++) {
  const t = await createTenant(server.platform.orm, { slug: `sp-${randomBytes(5).toString('hex')}`, adminPassword: 'correct horse battery' });
  const res = await fetch(`${server.url}/metadata`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` },
    body: JSON.stringify({ query: 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', variables: { d: OBJECTS } }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  if (process.env.SCRIPT_SETTINGS) {
    await server.platform.pool.query(`update tessera.tenants set settings = jsonb_set(coalesce(settings, '{}'), '{scripts}', $2::jsonb) where id = $1`, [t.tenant.id, process.env.SCRIPT_SETTINGS]);
  }
  tenants.push({ id: t.tenant.id, apiKey: t.apiKey });
}
server.platform.auth.forget();
console.log(`READY ${JSON.stringify({ url: server.url, pid: process.pid, tenants })}`);
process.on('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
