import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, startTestServer } from '../support/server.ts';
import { configTenant } from './support.ts';

/** `metadataHistory(first, after, filter)`: the setup audit trail, paged by cursor, read per capability. */
let server: RunningServer;
let T: Awaited<ReturnType<typeof configTenant>>;
const keys: Record<string, ReturnType<typeof metadataClient>> = {};
const ids: Record<string, string> = {};

const PAGE = `query($first: Int, $after: String, $filter: MetadataHistoryFilter) { metadataHistory(first: $first, after: $after, filter: $filter) {
  kinds pageInfo { hasNextPage endCursor } edges { cursor node { seq version securityVersion at actor { id name } via kind action target before after } } } }`;

beforeAll(async () => {
  server = await startTestServer();
  T = await configTenant(server, 'hist');
  await T.ok(`mutation { createObject(input: {name: "deal", fields: [{name: "title", type: TEXT}]}) { name } }`);
  for (const [who, caps] of [['meta', '[manageMetadata]'], ['users', '[manageUsers]'], ['plain', '[]']] as const) {
    await T.ok(`mutation { createPermissionSet(input: {name: "${who}", capabilities: ${caps}}) { id } }`);
    ids[who] = (await T.ok(`mutation { createUser(input: {email: "${who}@hist.test", name: "${who} user"}) { id } }`)).createUser.id;
    await T.ok(`mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "${who}") { id } }`, { u: ids[who] });
    keys[who] = metadataClient(server, (await T.ok(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: ids[who] })).createApiKey.key);
  }
  // Changes by the metadata manager, for the actor filter.
  const made = await keys.meta(`mutation { createField(object: "deal", input: {name: "amount", type: NUMBER}) { name } }`);
  expect(made.errors).toBeUndefined();
  await T.ok(`mutation { saveListView(input: {object: "deal", name: "Everything", shared: true}) { id } }`);
});
afterAll(async () => { await server?.close(); });

describe('metadataHistory', () => {
  it('pages the whole history newest first by cursor, each entry with version, time, actor, via, kind, action, target, before and after', async () => {
    const all = (await server.platform.pool.query('select seq from tessera.metadata_history where tenant_id = $1 order by seq desc', [T.id])).rows.map((r) => Number(r.seq));
    expect(all.length).toBeGreaterThan(10);
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = (await T.ok(PAGE, { first: 4, after })).metadataHistory;
      seen.push(...page.edges.map((e: any) => e.node.seq));
      expect(page.edges.length).toBeLessThanOrEqual(4);
      if (page.edges.length) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 50);
    expect(seen).toEqual(all);

    const [field] = (await T.ok(PAGE, { first: 1, filter: { target: 'deal.amount' } })).metadataHistory.edges;
    expect(field.node).toMatchObject({ kind: 'object', action: 'createField', target: 'deal.amount', via: 'api', before: null, after: { name: 'amount', type: 'number' }, actor: { id: ids.meta, name: 'meta user' } });
    expect(field.node.version).toBeGreaterThan(0);
    expect(new Date(field.node.at).getTime()).toBeGreaterThan(Date.now() - 600_000);
  });

  it('filters by kind, by author and by target', async () => {
    const roles = (await T.ok(PAGE, { first: 50, filter: { kinds: ['permissionSet'] } })).metadataHistory.edges.map((e: any) => e.node);
    expect(roles.map((n: any) => n.target)).toEqual(['permission set plain', 'permission set users', 'permission set meta']);
    expect(roles.every((n: any) => n.kind === 'permissionSet' && n.securityVersion > 0)).toBe(true);
    const byMeta = (await T.ok(PAGE, { first: 50, filter: { actor: ids.meta } })).metadataHistory.edges.map((e: any) => e.node.action);
    expect(byMeta).toEqual(['createField']);
    const views = (await T.ok(PAGE, { first: 50, filter: { target: 'EVERYTHING' } })).metadataHistory.edges.map((e: any) => [e.node.kind, e.node.action, e.node.target]);
    expect(views).toEqual([['listView', 'createListView', 'deal/Everything']]);
    expect((await T.ok(PAGE, { first: 50, filter: { actor: 'system' } })).metadataHistory.edges).toEqual([]);
  });

  it('shows each reader the kinds they may change: manageMetadata objects, views, apps, duplicate and validation rules, manageUsers security; no capability, nothing', async () => {
    const meta = (await keys.meta(PAGE, { first: 200 })).data.metadataHistory;
    expect(meta.kinds.sort()).toEqual(['app', 'businessCalendar', 'dashboard', 'duplicateRule', 'forecast', 'listView', 'object', 'script', 'validationRule']);
    expect(new Set(meta.edges.map((e: any) => e.node.kind))).toEqual(new Set(['object', 'listView']));
    const users = (await keys.users(PAGE, { first: 200 })).data.metadataHistory;
    expect(users.kinds.sort()).toEqual(['apiKey', 'group', 'permissionSet', 'role', 'share', 'sharingRule', 'user']);
    expect(new Set(users.edges.map((e: any) => e.node.kind))).toEqual(new Set(['permissionSet', 'user', 'apiKey']));
    // Asking for a kind one may not read gives nothing of it.
    expect((await keys.users(PAGE, { first: 200, filter: { kinds: ['object'] } })).data.metadataHistory.edges).toEqual([]);
    const plain = await keys.plain(PAGE, { first: 5 });
    expect(plain.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(plain.data).toBeNull();
  });

  it('keeps to the tenant, and refuses bad pages and cursors', async () => {
    const other = await configTenant(server, 'hist2');
    await other.ok(`mutation { createObject(input: {name: "ticket"}) { name } }`);
    const theirs = (await other.ok(PAGE, { first: 200 })).metadataHistory.edges.map((e: any) => e.node.target);
    expect(theirs).toEqual(['ticket']);
    const ours = (await T.ok(PAGE, { first: 200 })).metadataHistory.edges.map((e: any) => e.node.target);
    expect(ours).not.toContain('ticket');
    for (const [vars, pointer] of [[{ first: 0 }, '/first'], [{ first: 201 }, '/first'], [{ first: 5, after: 'bm9wZQ' }, '/after'], [{ first: 5, filter: { actor: 'bob' } }, '/filter/actor']] as const) {
      const res = await T.md(PAGE, vars);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer }] });
    }
  });
});
