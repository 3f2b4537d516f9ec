import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type CreatedTenant } from '@tessera/platform';
import { openPlatform, type Platform } from '../../../platform/src/platform.ts';
import { testDatabaseUrl, uniqueSlug } from '../../../platform/test/support/server.ts';
import { until } from '../../../platform/test/kernel/support.ts';

/**
 * `kill -9` of the server while record-triggered runs are in flight: after a restart every run
 * completes once, each run's record effect (a log record) exists once, and each webhook delivery
 * id belongs to one run (a delivery cut off by the kill may be sent again under the same id: the
 * receiver dedupes by it, which is what the id is for).
 */
/** Runs in flight at the kill: 60 in the suite (its 15-minute budget); `npm run test:long` starts 300 (CRASH_RUNS). */
const DEALS = Number(process.env.CRASH_RUNS ?? 60);
let platform: Platform;
let created: CreatedTenant;
let hook: Server;
let hookUrl = '';
const deliveries: string[] = [];
const children: ChildProcess[] = [];

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'fault', 'server.ts')], { env: { ...process.env, DATABASE_URL: testDatabaseUrl() }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => { if (line.startsWith('PORT=')) resolve({ child, port: Number(line.slice(5)) }); });
  });
}

beforeAll(async () => {
  platform = await openPlatform({ databaseUrl: testDatabaseUrl() });
  created = await createTenant(platform.orm, { slug: uniqueSlug('wfcrash'), adminPassword: 'correct horse battery' });
  hook = createServer((req, res) => {
    deliveries.push(String(req.headers['idempotency-key']));
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200).end('{}'), 5));
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  hook?.close();
  await platform?.close();
});

describe('kill -9 mid-run', () => {
  it('every run completes once, with no duplicated record effect and one run per delivery id', async () => {
    const first = await startChild();
    const http = (port: number, p: string, query: string, variables?: unknown) => fetch(`http://127.0.0.1:${port}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.apiKey}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
    const applied = await http(first.port, '/metadata', 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
      objects: [
        { name: 'deal', fields: [{ name: 'name', type: 'text' }, { name: 'stage', type: 'text' }] },
        { name: 'dealLog', fields: [{ name: 'name', type: 'text' }, { name: 'deal', type: 'lookup', target: 'deal' }] },
      ],
      workflows: [{
        name: 'onDeal', object: 'deal', trigger: { type: 'record', on: ['create'] },
        steps: [
          { id: 'log', type: 'create', object: 'dealLog', data: { name: { expr: '"log " & name' }, deal: { expr: 'id' } } },
          { id: 'tell', type: 'webhook', url: hookUrl },
          { id: 'stage', type: 'update', data: { stage: 'done' } },
        ],
      }],
    } });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    for (let i = 0; i < DEALS; i += 50) {
      const res = await http(first.port, '/graphql', 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: Array.from({ length: Math.min(50, DEALS - i) }, (_, j) => ({ name: `deal ${i + j}` })) });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    }
    const schema = created.tenant.schema;
    const counts = async () => (await platform.pool.query(`select
      (select count(*)::int from "${schema}"._workflow_runs) as runs,
      (select count(*)::int from "${schema}"._workflow_runs where status = 'completed') as completed,
      (select count(*)::int from "${schema}"."dealLog") as logs,
      (select count(distinct "deal")::int from "${schema}"."dealLog") as "loggedDeals",
      (select count(*)::int from "${schema}"."deal" where stage = 'done') as done`)).rows[0];
    await until(async () => (await counts()).completed >= Math.max(5, Math.floor(DEALS / 10)), 60_000, 'runs under way');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = await counts();
    expect(atKill.completed).toBeLessThan(DEALS);
    await startChild();
    await until(async () => (await counts()).completed >= DEALS, 120_000, 'every run to complete after the restart');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await counts()).toEqual({ runs: DEALS, completed: DEALS, logs: DEALS, loggedDeals: DEALS, done: DEALS });
    const ids = new Set(deliveries);
    expect(ids.size).toBe(DEALS);
    const runsOfIds = new Set([...ids].map((d) => d.split(':')[0]));
    expect(runsOfIds.size).toBe(DEALS);
    console.log(`at the kill: ${atKill.completed} of ${DEALS} runs completed; after the restart all, once (${deliveries.length} deliveries for ${ids.size} ids)`);
  }, 240_000);
});
