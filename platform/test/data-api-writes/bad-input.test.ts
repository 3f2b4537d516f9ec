import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { expectClean, expectError, fixtureTenant, type FixtureTenant } from './fixture.ts';

let server: RunningServer;
let t: FixtureTenant;
let cursorByName: string;
let cursorByCreated: string;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
  const account = await t.api(`mutation { createAccount(data: {name: "Acme"}) { id } }`);
  const d = Array.from({ length: 5 }, (_, i) => ({ name: `Lead ${i}`, score: i, account: account.data.createAccount.id }));
  await t.api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, { d });
  const byName = await t.api(`{ leads(orderBy: [{name: ASC}], first: 2) { pageInfo { endCursor } } }`);
  cursorByName = byName.data.leads.pageInfo.endCursor;
  const byCreated = await t.api(`{ leads(first: 2) { pageInfo { endCursor } } }`);
  cursorByCreated = byCreated.data.leads.pageInfo.endCursor;
});
afterAll(async () => { await server?.close(); });

/** POSTs a read that must be refused with `code`: never a 500, no SQL or stack, and nothing in `data` for it. */
async function refusedRead(code: string, query: string, variables?: Record<string, unknown>, accept?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}`, ...(accept ? { accept } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  const result = { ...body, status: res.status };
  expect(res.status, JSON.stringify(result)).toBeLessThan(500);
  const err = expectError(result, code);
  for (const value of Object.values(body.data ?? {})) expect(value).toBeNull();
  return { err, status: res.status };
}

describe('bad reads: each gets its code, never a 500, never SQL or a stack', () => {
  it('unknown fields (selection, root, nested) are BAD_USER_INPUT', async () => {
    for (const q of ['{ leads { nodes { nope } } }', '{ nope }', '{ leads { nodes { account { nope } } } }', '{ lead(id: "01900000-0000-7000-8000-000000000001") { password } }', '{ leads { nodes { name { first } } } }']) {
      const { err } = await refusedRead('BAD_USER_INPUT', q);
      expect(err.message).toMatch(/nope|password|name/);
    }
  });

  it('wrong argument types, inline and in variables, are BAD_USER_INPUT', async () => {
    await refusedRead('BAD_USER_INPUT', '{ leads(first: "ten") { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(first: 1.5) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(orderBy: [{name: UP}]) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {score: {gt: "high"}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {status: {eq: Won}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ lead { id } }');
    await refusedRead('BAD_USER_INPUT', 'query($n: Int) { leads(first: $n) { totalCount } }', { n: 'ten' });
    await refusedRead('BAD_USER_INPUT', 'query($f: LeadFilter) { leads(filter: $f) { totalCount } }', { f: { score: { gt: 'high' } } });
    await refusedRead('BAD_USER_INPUT', 'query($f: LeadFilter) { leads(filter: $f) { totalCount } }', { f: { status: { eq: 'Won' } } });
    await refusedRead('BAD_USER_INPUT', 'query($f: LeadFilter) { leads(filter: $f) { totalCount } }', { f: { seenAt: { gt: 'yesterday-ish' } } });
    await refusedRead('BAD_USER_INPUT', 'query($id: ID!) { lead(id: $id) { id } }', {});
  });

  it('first: 501 is LIMIT_EXCEEDED naming maxPageSize, at the root and nested; 500 is fine', async () => {
    const { err } = await refusedRead('LIMIT_EXCEEDED', '{ leads(first: 501) { totalCount } }');
    expect(err.extensions).toMatchObject({ limit: 'maxPageSize', max: 500, value: 501 });
    const nested = await refusedRead('LIMIT_EXCEEDED', '{ accounts(first: 1) { nodes { leads(first: 501) { totalCount } } } }');
    expect(nested.err.extensions!.limit).toBe('maxPageSize');
    const last = await refusedRead('LIMIT_EXCEEDED', 'query($n: Int) { leads(last: $n) { totalCount } }', { n: 10_000 });
    expect(last.err.extensions!.limit).toBe('maxPageSize');
    const ok = await t.api('{ leads(first: 500) { totalCount nodes { name } } }');
    expect(ok.errors).toBeUndefined();
    expect(ok.data.leads.nodes).toHaveLength(5);
  });

  it('a negative first or last is BAD_USER_INPUT, and so are first and last together', async () => {
    const { err } = await refusedRead('BAD_USER_INPUT', '{ leads(first: -1) { totalCount } }');
    expect(err.extensions!.errors[0].pointer).toBe('/first');
    await refusedRead('BAD_USER_INPUT', '{ leads(last: -5) { nodes { id } } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(first: 1, last: 1) { nodes { id } } }');
  });

  it('a depth bomb (lead → account → leads → … 15 levels) is LIMIT_EXCEEDED naming maxDepth', async () => {
    let inner = 'name';
    for (let i = 0; i < 16; i++) inner = i % 2 ? `account { ${inner} }` : `leads(first: 1) { nodes { ${inner} } }`;
    const { err } = await refusedRead('LIMIT_EXCEEDED', `{ leads(first: 1) { nodes { ${inner} } } }`);
    expect(err.extensions).toMatchObject({ limit: 'maxDepth', max: 10 });
    const viaOne = await refusedRead('LIMIT_EXCEEDED', `query($id: ID!) { lead(id: $id) { ${inner} } }`, { id: '01900000-0000-7000-8000-000000000001' });
    expect(viaOne.err.extensions!.limit).toBe('maxDepth');
  });

  it('a cost bomb (nested lists of first: 500) is LIMIT_EXCEEDED naming maxCost', async () => {
    const q = '{ accounts(first: 500) { nodes { leads(first: 500) { nodes { account { leads(first: 500) { nodes { name } } } } } } } }';
    const nested = await refusedRead('LIMIT_EXCEEDED', q);
    expect(nested.err.extensions!.limit).toBe('maxCost');
    // The budget covers the whole operation, not each root field (and each root field counts one): 100 lists of 500 exceed 50 000.
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: leads(first: 500) { totalCount }`).join(' ');
    const wide = await t.api(`{ ${aliases} }`);
    const err = expectError(wide, 'LIMIT_EXCEEDED');
    expect(err.extensions).toMatchObject({ limit: 'maxCost', max: 50_000 });
    // Whatever ran stayed within the budget; the fields past it were refused.
    const ran = Object.values(wide.data ?? {}).filter((v) => v !== null).length;
    expect(ran * 500).toBeLessThanOrEqual(50_000);
    // Without the bomb, the same nesting with small pages is fine.
    const small = await t.api('{ accounts(first: 10) { nodes { leads(first: 10) { nodes { account { leads(first: 10) { nodes { name } } } } } } } }');
    expect(small.errors).toBeUndefined();
  });

  it('malformed cursors are BAD_USER_INPUT: not base64, base64 of garbage, of a wrong shape, from another orderBy', async () => {
    const cursors = [
      '!!not base64!!',
      Buffer.from('hello world').toString('base64'),
      Buffer.from('{"a": 1}').toString('base64'),
      Buffer.from('[1, 2, 3, 4, 5, 6]').toString('base64'),
      Buffer.from('[{"x": 1}, "y"]').toString('base64'),
      Buffer.from(`["'; drop table lead; --", "nope"]`).toString('base64'),
      'x'.repeat(5000),
    ];
    for (const c of cursors) {
      const { err } = await refusedRead('BAD_USER_INPUT', 'query($c: String) { leads(after: $c) { nodes { id } } }', { c });
      expect(err.extensions!.errors[0].pointer).toBe('/after');
    }
    await refusedRead('BAD_USER_INPUT', 'query($c: String) { leads(before: $c, last: 2) { nodes { id } } }', { c: 'garbage' });
    // A cursor from another orderBy: its values do not fit the order keys of this one.
    for (const [c, order] of [[cursorByName, '[{score: ASC}]'], [cursorByCreated, '[{score: DESC}]'], [cursorByName, '[{createdAt: DESC}]'], [cursorByCreated, '[{born: ASC}]']]) {
      const res = await t.api(`query($c: String) { leads(orderBy: ${order}, after: $c) { nodes { id } } }`, { c });
      expect(res.status).toBeLessThan(500);
      expectError(res, 'BAD_USER_INPUT');
    }
  });

  it('filters on nonexistent fields or operators are BAD_USER_INPUT, inline and in variables', async () => {
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {nope: {eq: 1}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {name: {regex: ".*"}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {account: {nope: {eq: "x"}}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ accounts(filter: {leadsSome: {nope: {isNull: true}}}) { totalCount } }');
    const v = await refusedRead('BAD_USER_INPUT', 'query($f: LeadFilter) { leads(filter: $f) { totalCount } }', { f: { nope: { eq: 1 } } });
    expect(v.err.message).toContain('nope');
    await refusedRead('BAD_USER_INPUT', '{ leadsAggregate(filter: {nope: {eq: 1}}) { count } }');
  });

  it('malformed filter values (ids, ranges) are BAD_USER_INPUT, not database errors', async () => {
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {id: {eq: "garbage"}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {account: {id: {in: ["01900000-0000-7000-8000-000000000001", "x"]}}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {extId: {eq: "not-a-uuid"}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {born: {lastNDays: -3}}) { totalCount } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(filter: {location: {within: {lat: 200, lng: 0, km: 1}}}) { totalCount } }');
  });

  it('orderBy and groupBy items naming two fields (or none) are BAD_USER_INPUT', async () => {
    const { err } = await refusedRead('BAD_USER_INPUT', '{ leads(orderBy: [{name: ASC, score: DESC}]) { totalCount nodes { id } } }');
    expect(err.extensions!.errors[0].pointer).toBe('/orderBy/0');
    await refusedRead('BAD_USER_INPUT', '{ leads(orderBy: [{name: ASC}, {}]) { nodes { id } } }');
    await refusedRead('BAD_USER_INPUT', '{ leads(orderBy: [{extra: ASC}]) { nodes { id } } }');
    await refusedRead('BAD_USER_INPUT', '{ leadsAggregate(groupBy: [{status: true, active: true}]) { count } }');
    await refusedRead('BAD_USER_INPUT', '{ leadsAggregate { key { status } count } }');
  });

  it('with accept: application/graphql-response+json a refused read answers a 4xx status', async () => {
    const { status } = await refusedRead('BAD_USER_INPUT', '{ leads { nodes { nope } } }', undefined, 'application/graphql-response+json');
    expect(status).toBe(400);
  });

  it('broken requests: invalid JSON, no query, a syntax error, a mutation over GET', async () => {
    const post = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${t.apiKey}` }, body });
      const json = (await res.json()) as any;
      expect(res.status, JSON.stringify(json)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectClean(json);
      return json;
    };
    expect((await post('{"query": ')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await post('{}')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await post('{"query": 42}')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const syntax = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` }, body: JSON.stringify({ query: '{ leads { ' }) });
    const body = (await syntax.json()) as any;
    expect(syntax.status).toBeLessThan(500);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const before = await t.fingerprint('lead');
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { createLead(data: {name: "via GET"}) { id } }')}`, { headers: { authorization: `Bearer ${t.apiKey}`, accept: 'application/json' } });
    expect(get.status).toBe(405);
    expect(await t.fingerprint('lead')).toBe(before);
  });
});
