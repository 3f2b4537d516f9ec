import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlatform, type Platform } from '../../../platform/src/platform.ts';
import { createTenant } from '../../../platform/src/tenancy/index.ts';
import { testDatabaseUrl, uniqueSlug } from '../../../platform/test/support/server.ts';
import { deliveryId } from '../../src/webhooks/index.ts';
import { startReceiver } from './receiver.ts';

/**
 * `kill -9` of the server while webhook deliveries are in flight (some of them failing once, so
 * retries are pending too); after a restart every delivery id of events × webhooks has reached the
 * receiver, none is lost, and the only repeats are of the same id (a retry, or the attempt the
 * kill interrupted). The receiver dedupes by X-Tessera-Delivery, as receivers must.
 */
const RECORDS = 300;
const HOOKS = ['one', 'two'];
const SECRET = 'a-secret-of-32-characters-length';
let platform: Platform;
let tenant: { id: string };
let apiKey: string;
const children: ChildProcess[] = [];
let receiver: Awaited<ReturnType<typeof startReceiver>>;

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'fault-server.ts')], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), TESSERA_WEBHOOKS_ALLOW_PRIVATE: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => { if (line.startsWith('PORT=')) resolve({ child, url: `http://127.0.0.1:${line.slice(5)}` }); });
  });
}

const call = async (url: string, endpoint: string, query: string, variables?: unknown) => {
  const res = await fetch(`${url}${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
};

const until = async (check: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  platform = await openPlatform({ databaseUrl: testDatabaseUrl() });
  const created = await createTenant(platform.orm, { slug: uniqueSlug('hookcrash'), adminPassword: 'correct horse battery' });
  tenant = created.tenant;
  apiKey = created.apiKey;
  // Slow enough to be caught in the middle; the first attempt of about a quarter of the ids fails.
  receiver = await startReceiver(SECRET, (r, n) => (n === 1 && /^[0-3]/.test(r.id) ? 500 : 200));
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await receiver?.close();
  await platform?.close();
});

describe('webhook deliveries across a kill -9', () => {
  it('lose and duplicate no delivery id', async () => {
    const first = await startChild();
    await call(first.url, '/metadata', 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
      objects: [{ name: 'deal', fields: [{ name: 'name', type: 'text', required: true }] }],
      webhooks: HOOKS.map((name) => ({ name, object: 'deal', events: ['create'], url: receiver.url, secret: SECRET, retryDelaySeconds: 1 })),
    } });
    for (let b = 0; b < RECORDS / 100; b++) {
      await call(first.url, '/graphql', 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: Array.from({ length: 100 }, (_, i) => ({ name: `deal ${b}.${i}` })) });
    }
    const ids = () => new Set(receiver.got.map((g) => g.id));
    await until(() => ids().size >= 60, 60_000, 'deliveries under way');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = ids().size;
    expect(atKill).toBeLessThan(RECORDS * HOOKS.length);

    await startChild();
    await until(async () => ids().size >= RECORDS * HOOKS.length && receiver.got.every((g) => g.signed), 90_000, 'every delivery after the restart');
    await new Promise((r) => setTimeout(r, 1500));

    // Exactly events × webhooks: each (webhook, record) has one id, derived from its event; nothing else arrived.
    const { rows } = await platform.pool.query<{ id: string }>(`select id from "${(await platform.schemas.get(tenant.id)).model.schema}".deal`);
    expect(rows).toHaveLength(RECORDS);
    const byPair = new Map<string, Set<string>>();
    for (const g of receiver.got) {
      expect(g.signed).toBe(true);
      expect(g.id).toBe(deliveryId(tenant.id, g.body.webhook, g.body.event.id));
      const key = `${g.body.webhook}:${g.body.event.recordId}`;
      byPair.set(key, (byPair.get(key) ?? new Set()).add(g.id));
    }
    const expected = rows.flatMap((r) => HOOKS.map((h) => `${h}:${r.id}`)).sort();
    expect([...byPair.keys()].sort()).toEqual(expected);
    expect([...byPair.values()].every((s) => s.size === 1)).toBe(true);
    expect(ids().size).toBe(RECORDS * HOOKS.length);
    console.log(`at the kill: ${atKill} of ${RECORDS * HOOKS.length} delivery ids received; after the restart: all ${ids().size}, ${receiver.got.length} requests (retries and interrupted attempts of the same ids)`);
  }, 180_000);
});
