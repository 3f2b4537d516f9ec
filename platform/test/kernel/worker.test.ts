import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer, testDatabaseUrl } from '../support/server.ts';
import { createPlugin } from './fault/worker-plugin.ts';
import { kernelTenant, ok, unique, until, type KernelTenant } from './support.ts';

/** `npm run worker` beside a server started with TESSERA_WORKER=off: the worker does the work. */
let server: RunningServer;
let worker: ChildProcess | undefined;
let t: KernelTenant;
const names = { WORKER_JOB: unique('worker-job'), WORKER_SUBSCRIBER: unique('worker-events') };
const root = path.join(import.meta.dirname, '..', '..', '..');

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_WORKER: 'off' } });
  t = await kernelTenant(server, 'wk');
  await t.sql(`create table "${t.schema}".worker_effects (what text not null, role text not null)`);
  Object.assign(process.env, names, { WORKER_SCHEMA: t.schema, WORKER_TENANT: t.id, WORKER_ROLE: 'server' });
  await server.platform.plugins.install(createPlugin());
  worker = spawn(process.execPath, [path.join(root, 'platform/src/server/worker.ts')], {
    cwd: root,
    env: { ...process.env, ...names, WORKER_SCHEMA: t.schema, WORKER_TENANT: t.id, WORKER_ROLE: 'worker', DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'info', TESSERA_PLUGINS: path.join(import.meta.dirname, 'fault', 'worker-plugin.ts') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    worker!.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
    readline.createInterface({ input: worker!.stdout! }).on('line', (line) => { if (line.includes('Tessera worker running')) resolve(); });
  });
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker!.once('exit', resolve));
  }
  await server?.close();
});

const effects = async () => (await t.sql(`select what, role from "${t.schema}".worker_effects order by what`)) as { what: string; role: string }[];

describe('npm run worker', () => {
  it('runs the jobs, event deliveries and timers of a server started with TESSERA_WORKER=off', async () => {
    await server.platform.jobs.enqueue(`worker-test/${names.WORKER_JOB}`, { what: 'job' }, { tenantId: t.id });
    const id = ok(await t.api(`mutation { createDeal(data: {name: "Work"}) { id } }`)).createDeal.id;
    await server.platform.timers.schedule({ tenantId: t.id, key: 'soon', dueAt: new Date(Date.now() + 500), job: `worker-test/${names.WORKER_JOB}`, payload: { what: 'timer' } });
    await until(async () => (await effects()).length === 3, 30_000, 'the worker');
    expect(await effects()).toEqual([
      { what: `event create ${id}`, role: 'worker' },
      { what: 'job', role: 'worker' },
      { what: 'timer', role: 'worker' },
    ]);
  });

  it('stops cleanly on SIGTERM', async () => {
    worker!.kill('SIGTERM');
    const code = await new Promise((resolve) => worker!.once('exit', resolve));
    expect(code).toBe(0);
  });
});
