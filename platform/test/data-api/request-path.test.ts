import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createFixture, type Fixture } from './fixture.ts';

/**
 * The request path of /graphql (issue 11): the caller's security context is computed once per
 * request, and the compiled path runs inside graphql-yoga, as a plugin every other plugin sees.
 */

let server: RunningServer;
let fx: Fixture;
beforeAll(async () => {
  server = await startTestServer();
  fx = await createFixture(server);
});
afterAll(async () => { await server?.close(); });

async function post(url: string, path: string, query: string, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tenant.apiKey}`, ...headers }, body: JSON.stringify({ query }) });
  return res.json();
}

describe('the caller’s security context', () => {
  /** How many times a request looked up the tenant's security to derive the caller's context. */
  async function lookupsOf(path: string, query: string, headers: Record<string, string> = {}): Promise<{ lookups: number; body: any }> {
    await post(server.url, '/graphql', '{ metadataVersion }');
    const cache = server.platform.security;
    const original = cache.get;
    let lookups = 0;
    cache.get = function (tenantId: string) {
      lookups++;
      return original.call(cache, tenantId);
    };
    try {
      const body = await post(server.url, path, query, headers);
      return { lookups, body };
    } finally {
      cache.get = original;
    }
  }

  it('is computed once per request, whichever way the request goes', async () => {
    const cases: [string, string, string, Record<string, string>?][] = [
      ['a compiled query', '/graphql', '{ leads(first: 2) { edges { node { id } } } }'],
      ['a query graphql-js executes (traced)', '/graphql', '{ leads(first: 2) { edges { node { id } } } }', { 'x-tessera-trace': '1' }],
      ['introspection (the compiled path hands it over)', '/graphql', '{ __schema { queryType { name } } leads(first: 1) { totalCount } }'],
      ['a query the compiled path refuses to plan (a malformed cursor)', '/graphql', '{ leads(first: 1, after: "nope") { totalCount } }'],
      ['a mutation', '/graphql', 'mutation { updateLeads(filter: {name: {eq: "nobody"}}, data: {score: 1}) { count } }'],
      ['the metadata API', '/metadata', '{ objects { name } }'],
    ];
    for (const [name, path, query, headers] of cases) {
      const { lookups, body } = await lookupsOf(path, query, headers);
      expect(body.data, `${name}: ${JSON.stringify(body.errors)}`).toBeDefined();
      expect(lookups, name).toBe(1);
    }
  });
});

describe('the compiled path inside graphql-yoga', () => {
  let app: Server;
  let url: string;
  const seen: { hook: string; status?: number }[] = [];
  beforeAll(async () => {
    // Another plugin on /graphql, as an extension would add one: it records what it sees.
    const spy = {
      onRequest({ request }: { request: Request }) { if (request.method === 'POST') seen.push({ hook: 'onRequest' }); },
      onParams() { seen.push({ hook: 'onParams' }); },
      onExecute() { seen.push({ hook: 'onExecute' }); },
      onExecutionResult() { seen.push({ hook: 'onExecutionResult' }); },
      onResultProcess() { seen.push({ hook: 'onResultProcess' }); },
      onResponse({ request, response }: { request: Request; response: Response }) { if (request.method === 'POST') seen.push({ hook: 'onResponse', status: response.status }); },
    };
    const express = createApp({ platform: server.platform, logger: server.logger, graphqlPlugins: [spy] });
    app = await new Promise((resolve) => { const s = express.listen(0, () => resolve(s)); });
    url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((resolve) => app.close(resolve)); });

  it('answers queries as the request handler: every plugin sees the request (onRequest) and the answer (onResponse), none executes it', async () => {
    seen.length = 0;
    const query = '{ leads(first: 2, orderBy: [{name: ASC}]) { edges { node { name } } } }';
    const body = await post(url, '/graphql', query);
    expect(body.data.leads.edges).toHaveLength(2);
    expect(seen).toEqual([{ hook: 'onRequest' }, { hook: 'onResponse', status: 200 }]);
  });

  it('answers a query with variables (a template filled per request) the same way', async () => {
    const first = await post(url, '/graphql', '{ leads(first: 1) { edges { node { id } } } }');
    const id = first.data.leads.edges[0].node.id;
    for (let i = 0; i < 3; i++) {
      seen.length = 0;
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tenant.apiKey}` }, body: JSON.stringify({ query: 'query($id: ID!) { lead(id: $id) { id name } }', variables: { id } }) });
      expect(((await res.json()) as any).data.lead.id).toBe(id);
      expect(seen.map((s) => s.hook)).toEqual(['onRequest', 'onResponse']);
    }
  });

  it('hands what it does not compile to yoga’s execution (the plugins see that too)', async () => {
    seen.length = 0;
    const body = await post(url, '/graphql', '{ leads(first: 1) { totalCount } }', { 'x-tessera-trace': '1' });
    expect(body.data.leads.totalCount).toBeGreaterThan(0);
    expect(seen.map((s) => s.hook)).toEqual(['onRequest', 'onParams', 'onExecute', 'onExecutionResult', 'onResultProcess', 'onResponse']);
  });
});

describe('request bodies read without body-parser (plain JSON of a declared length)', () => {
  async function send(body: string | Buffer, contentType = 'application/json'): Promise<{ status: number; body: any }> {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${fx.tenant.apiKey}` }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.json() };
  }

  it('are parsed as body-parser would: with a UTF-8 charset, with a byte order mark', async () => {
    const query = JSON.stringify({ query: '{ metadataVersion }' });
    for (const [body, type] of [[query, 'application/json'], [query, 'application/json; charset=utf-8'], [query, 'Application/JSON;charset="UTF-8"'], [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(query)]), 'application/json']] as const) {
      const res = await send(body, type);
      expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(typeof res.body.data.metadataVersion).toBe('number');
    }
  });

  it('are refused as body-parser refused them: not JSON, or JSON that is not an object or an array', async () => {
    for (const body of ['{"query": ', '"{ metadataVersion }"', '42', 'null']) {
      const res = await send(body);
      expect(res.status, body).toBe(400);
      expect(res.body.errors[0].extensions.code, body).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toMatch(/not valid JSON/);
    }
  });
});

describe('CORS on /graphql (as graphql-yoga answered it)', () => {
  it('echoes the origin with credentials, on compiled and executed requests; nothing without an Origin', async () => {
    for (const extra of [{}, { 'x-tessera-trace': '1' }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tenant.apiKey}`, origin: 'https://app.example', ...extra }, body: JSON.stringify({ query: '{ metadataVersion }' }) });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('vary')).toMatch(/Origin/);
    }
    const plain = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tenant.apiKey}` }, body: JSON.stringify({ query: '{ metadataVersion }' }) });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
