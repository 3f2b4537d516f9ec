import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { loadPlugins } from '../../platform/src/server/plugins.ts';
import { ok, startIsolatedServer } from '../../platform/test/kernel/support.ts';
import { gql } from '../../platform/test/support/server.ts';
import { wfTenant, type WfTenant } from './workflows/support.ts';

/**
 * The default plugins cost a tenant that configures none of them nothing: an update and a bulk
 * create of an ordinary object, by a user who is no admin (the locks skip admins), run exactly the
 * statements they run with no runtime plugin installed — counted by the request's trace (every
 * statement of its transaction, by pipeline step and hook), once the per-version caches are warm.
 */
let server: RunningServer;
let t: WfTenant;
let key: string;
let schema: string;
let memo: string;

const MEMO = { name: 'memo', fields: [{ name: 'title', type: 'text', required: true }, { name: 'body', type: 'text' }] };

beforeAll(async () => {
  server = await startIsolatedServer();
  t = await wfTenant(server, [MEMO]);
  await t.apply({ permissionSets: [{ name: 'memos', objectPermissions: [{ object: 'memo', read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true }] }] });
  const user = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `writer-${Date.now()}@example.com`, name: 'Writer' } })).createUser.id as string;
  await t.meta('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "memos") { id } }', { u: user });
  key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).createApiKey.key as string;
  schema = (await server.platform.pool.query<{ schema_name: string }>('select schema_name from tessera.tenants where id = $1', [t.id])).rows[0].schema_name;
  memo = ok(await gql(server, '/graphql', key, 'mutation { createMemo(data: {title: "first"}) { id } }')).createMemo.id;
}, 180_000);
afterAll(async () => { await server?.close(); });

/** A request's statements, from its trace (`x-tessera-trace: 1`: the statements of its transaction, by step), and in all. */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ total: number; steps: string[] }> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-tessera-trace': '1' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: unknown; extensions: { trace: { steps: { step: string; hook?: string; queries: number }[] } } };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const steps = body.extensions.trace.steps.filter((s) => s.queries > 0 || s.hook);
  return { total: body.extensions.trace.steps.reduce((n, s) => n + s.queries, 0), steps: steps.filter((s) => s.queries > 0).map((s) => `${s.step}${s.hook ? ` ${s.hook}` : ''}: ${s.queries}`) };
}

let n = 0;
const update = () => statementsOf('mutation($id: ID!, $b: String) { updateMemo(id: $id, data: {body: $b}) { id } }', { id: memo, b: `body ${++n}` });
const bulkCreate = () => statementsOf('mutation($d: [MemoCreateInput!]!) { createMemos(data: $d) { id } }', { d: [1, 2, 3, 4, 5].map((i) => ({ title: `memo ${++n}.${i}` })) });

/** The statements of the request's second run (the first warms the per-version caches). */
async function warm(request: () => Promise<{ total: number; steps: string[] }>) {
  await request();
  return request();
}

describe('the default plugins on a tenant that configures none of them', () => {
  it('add no statement to an update or a bulk create of an ordinary object', async () => {
    const without = { update: await warm(update), create: await warm(bulkCreate) };
    expect(without.update.total).toBeGreaterThan(0);
    const plugins = await loadPlugins({});
    expect(plugins.map((p) => p.name)).toEqual(['scripts', 'workflows', 'approvals', 'pools', 'assignment', 'scoring', 'reactivation', 'conversions', 'collaboration', 'exports', 'webhooks', 'imports', 'webforms']);
    for (const plugin of plugins) await server.platform.plugins.install(plugin);
    const withAll = { update: await warm(update), create: await warm(bulkCreate) };
    expect(withAll.update).toEqual(without.update);
    expect(withAll.create).toEqual(without.create);

    // Followers are notified from the change events, after commit: a followed object's writes cost the same.
    ok(await gql(server, '/graphql', t.apiKey, 'mutation($id: ID!) { follow(object: "memo", id: $id) }', { id: memo }));
    const followed = await warm(update);
    expect(followed.steps).toEqual(without.update.steps);
    expect(followed.total).toBe(without.update.total);
    for (let i = 0; (await t.api('{ notifications }')).notifications.unread < 2; i++) {
      if (i > 200) throw new Error('the follower was never notified of the two updates');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.api('{ notifications }')).notifications.unread).toBe(2);
  }, 180_000);
});
