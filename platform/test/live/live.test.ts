import { createClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, ok, startTestServer } from '../support/server.ts';

/**
 * Live subscriptions: `recordChanged(object, filter)` over graphql-ws and SSE delivers committed
 * changes of records the subscriber may read — another user's write arrives; a PRIVATE record of
 * someone else, a field the subscriber may not read and another tenant's writes never do; the
 * filter holds as a list query's; refusals are typed with pointers.
 */
let server: RunningServer;
interface T { key: string; api: (q: string, v?: Record<string, unknown>) => Promise<any>; md: (q: string, v?: Record<string, unknown>) => Promise<any> }
let a: T, b: T;
let ann: { id: string; key: string }, bob: { id: string; key: string };
const sockets: WsClient[] = [];

const DEAL = { name: 'deal', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text', required: true }, { name: 'amount', type: 'number' }, { name: 'stage', type: 'select', options: [{ value: 'Open' }, { value: 'Won' }] }] };
const SUB = 'subscription($o: String!, $f: JSON) { recordChanged(object: $o, filter: $f) { object id kind changes record at } }';

async function tenant(): Promise<T> {
  const created = await newTenant(server, 'live');
  const md = metadataClient(server, created.apiKey);
  const api = async (q: string, v?: Record<string, unknown>) => ok(await gql(server, '/graphql', created.apiKey, q, v));
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [DEAL] } }));
  return { key: created.apiKey, api, md: async (q, v) => ok(await md(q, v)) };
}

async function rep(t: T, name: string) {
  const id = (await t.md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `${name}-${Date.now()}-${Math.random()}@live.test`, name, role: 'rep' } })).createUser.id as string;
  return { id, key: (await t.md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string };
}

/** A graphql-ws subscription collecting what arrives. */
function subscribeWs(key: string, variables: Record<string, unknown>, query = SUB) {
  const client = createClient({ url: server.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: false });
  sockets.push(client);
  const got: any[] = [];
  const errors: any[] = [];
  let ready!: () => void;
  const started = new Promise<void>((resolve) => { ready = resolve; });
  client.on('connected', () => setTimeout(ready, 300));
  client.subscribe({ query, variables }, { next: (r) => (r.errors ? errors.push(...r.errors) : got.push((r.data as any).recordChanged)), error: (e) => errors.push(...(Array.isArray(e) ? e : [e])), complete: () => {} });
  return { client, got, errors, started };
}

/**
 * graphql-ws does not acknowledge a subscribe: the server may still be setting it up (signing in,
 * the model) when the test writes. Probe writes until one is delivered, then drop what came so far.
 */
async function primed(sub: { got: any[] }, probe: () => Promise<string>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const id = await probe();
    const end = Date.now() + 1_000;
    while (Date.now() < end) {
      if (sub.got.some((e) => e.id === id)) {
        await new Promise((r) => setTimeout(r, 200));
        sub.got.length = 0;
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('the subscription never delivered a probe write');
}

async function until<X>(check: () => X | undefined | false, ms = 20_000): Promise<X> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const createDeal = (t: T, d: Record<string, unknown>) => t.api('mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d }).then((r) => r.createDeal.id as string);

beforeAll(async () => {
  server = await startTestServer();
  [a, b] = [await tenant(), await tenant()];
  await a.md('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'rep', objectPermissions: [{ object: 'deal', read: true, create: true, update: true }], fieldPermissions: [{ object: 'deal', field: 'amount', read: false, update: false }] } });
  [ann, bob] = [await rep(a, 'ann'), await rep(a, 'bob')];
}, 120_000);
afterAll(async () => {
  for (const s of sockets) await s.dispose();
  await server?.close();
});

describe('recordChanged over graphql-ws', () => {
  it('delivers another user\'s writes of records the subscriber may read — never a PRIVATE record of someone else, a field it may not read, or another tenant\'s', async () => {
    const sub = subscribeWs(ann.key, { o: 'deal' });
    await sub.started;
    await primed(sub, () => createDeal(a, { name: 'Probe for Ann', owner: ann.id }));
    const hidden = await createDeal(a, { name: 'Bob\'s secret deal', amount: 100, owner: bob.id });
    await createDeal(b, { name: 'Other tenant', amount: 5 });
    const mine = await createDeal(a, { name: 'Ann\'s deal', amount: 900, stage: 'Open', owner: ann.id });
    const first = await until(() => sub.got[0]);
    expect(first).toMatchObject({ object: 'deal', id: mine, kind: 'create' });
    expect(first.record).toMatchObject({ id: mine, name: 'Ann\'s deal', stage: 'Open' });
    expect(first.record).not.toHaveProperty('amount');
    expect(first.changes.map((c: any) => c.field)).toContain('name');
    expect(first.changes.map((c: any) => c.field)).not.toContain('amount');
    await a.api('mutation($id: ID!) { updateDeal(id: $id, data: { stage: Won, amount: 1000 }) { id } }', { id: mine });
    await a.api('mutation($id: ID!) { updateDeal(id: $id, data: { amount: 2000 }) { id } }', { id: hidden });
    const second = await until(() => sub.got[1]);
    expect(second).toMatchObject({ id: mine, kind: 'update', changes: [{ field: 'stage', before: 'Open', after: 'Won' }] });
    await a.api('mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id: mine });
    expect(await until(() => sub.got[2])).toMatchObject({ id: mine, kind: 'delete', record: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.got.map((e) => e.id)).toEqual([mine, mine, mine]);
    expect(sub.errors).toEqual([]);
  });

  it('applies the filter as a list query does', async () => {
    const sub = subscribeWs(a.key, { o: 'deal', f: { stage: { eq: 'Won' } } });
    await sub.started;
    await primed(sub, () => createDeal(a, { name: 'Probe won', stage: 'Won' }));
    await createDeal(a, { name: 'Open one', stage: 'Open' });
    const won = await createDeal(a, { name: 'Won one', stage: 'Won' });
    expect(await until(() => sub.got[0])).toMatchObject({ id: won, record: { name: 'Won one', amount: null } });
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.got).toHaveLength(1);
  });

  it('refuses an unknown object, a bad filter and a connection past its limit with typed errors; an unsigned socket is closed', async () => {
    const unknown = subscribeWs(a.key, { o: 'nope' });
    const e1 = await until(() => unknown.errors[0]);
    expect(e1.extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/object' }] });
    const bad = subscribeWs(a.key, { o: 'deal', f: { nope: { eq: 1 } } });
    const e2 = await until(() => bad.errors[0]);
    expect(e2.extensions.code).toBe('BAD_USER_INPUT');
    expect(e2.extensions.errors[0].pointer).toMatch(/^\/filter/);
    const anonymous = createClient({ url: server.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
    sockets.push(anonymous);
    const closed = await new Promise<any>((resolve) => anonymous.subscribe({ query: SUB, variables: { o: 'deal' } }, { next: () => {}, error: resolve, complete: () => resolve(null) }));
    expect(closed?.code).toBe(4403);
    const many = createClient({ url: server.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${a.key}` }, retryAttempts: 0 });
    sockets.push(many);
    const refusals: any[] = [];
    for (let i = 0; i < 21; i++) many.subscribe({ query: SUB, variables: { o: 'deal' } }, { next: () => {}, error: (e: any) => refusals.push(e), complete: () => {} });
    const limit = await until(() => refusals[0]);
    expect(limit[0].extensions.code).toBe('LIMIT_EXCEEDED');
    expect(refusals).toHaveLength(1);
  });
});

describe('recordChanged over SSE', () => {
  it('streams changes on POST /graphql with Accept: text/event-stream; refusals are plain typed answers', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ann.key}` },
      body: JSON.stringify({ query: SUB, variables: { o: 'deal' } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const reading = (async () => { for (;;) { const { value, done } = await reader.read(); if (done) return; text += new TextDecoder().decode(value); } })().catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    await createDeal(a, { name: 'Not hers', owner: bob.id });
    const id = await createDeal(a, { name: 'Streamed', owner: ann.id });
    await until(() => text.includes('event: next'));
    const events = text.split('\n\n').filter((c) => c.startsWith('event: next')).map((c) => JSON.parse(c.split('data: ')[1]).data.recordChanged);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id, kind: 'create', record: { name: 'Streamed' } });
    controller.abort();
    await reading;

    const refused = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ann.key}` }, body: JSON.stringify({ query: SUB, variables: { o: 'deal', f: { stage: { bogus: 1 } } } }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: SUB, variables: { o: 'deal' } }) });
    expect(anonymous.status).toBe(401);
  });
});

// Last: it takes the rep role's rights away.
describe('recordChanged when rights change', () => {
  it('stops delivering once the subscriber loses read access to the object (rights re-checked per event)', async () => {
    const sub = subscribeWs(bob.key, { o: 'deal' });
    await sub.started;
    await primed(sub, () => createDeal(a, { name: 'Probe for Bob', owner: bob.id }));
    const before = await createDeal(a, { name: 'Seen by Bob', owner: bob.id });
    await until(() => sub.got.find((e) => e.id === before));
    await a.md('mutation { updateRole(name: "rep", input: {objectPermissions: [{object: "deal", read: false, create: false, update: false}]}) { id } }');
    const after = await createDeal(a, { name: 'Not any more', owner: bob.id });
    // A marker the admin sees proves the feed moved past the write.
    const marker = subscribeWs(a.key, { o: 'deal' });
    await marker.started;
    await primed(marker, () => createDeal(a, { name: 'Probe for the admin' }));
    const last = await createDeal(a, { name: 'Marker', owner: bob.id });
    await until(() => marker.got.find((e) => e.id === last));
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.got.map((e) => e.id)).not.toContain(after);
    expect(sub.got.map((e) => e.id)).not.toContain(last);
  });
});
