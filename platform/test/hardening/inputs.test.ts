import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { expectClean, fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { gql, metadataClient, startTestServer } from '../support/server.ts';

/**
 * Issue 10, findings 9–11: inputs that used to break a tenant or get a 500. Each is answered with a
 * typed code and the pointer of what was refused, and nothing is written.
 */
let server: RunningServer;
let t: FixtureTenant;
let md: ReturnType<typeof metadataClient>;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
  md = metadataClient(server, t.apiKey);
});
afterAll(async () => { await server?.close(); });

const pointers = (res: any) => (res.errors?.[0]?.extensions?.errors ?? []).map((e: { pointer: string }) => e.pointer);
function refused(res: any, code: string, pointer?: string) {
  expect(res.status, JSON.stringify(res)).toBeLessThan(500);
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe(code);
  expectClean(res);
  // A pointer into the document's input, or into the request's variables that carried it.
  if (pointer) expect(pointers(res).some((p: string) => p === pointer || p.endsWith(pointer)), JSON.stringify(res.errors)).toBe(true);
}

describe('finding 9: option values that are not GraphQL enum names', () => {
  for (const value of ['null', 'true', 'false']) {
    it(`refuses the option value ${value} (select and multi-select), and the tenant keeps working`, async () => {
      const sel = await md(`mutation($f: FieldInput!) { createField(object: "lead", input: $f) { name } }`, { f: { name: `s${value}`, type: 'SELECT', options: [{ value: 'ok' }, { value }] } });
      refused(sel, 'VALIDATION_FAILED', '/options/1/value');
      const multi = await md(`mutation($f: FieldInput!) { createField(object: "lead", input: $f) { name } }`, { f: { name: `m${value}`, type: 'MULTI_SELECT', options: [{ value }] } });
      refused(multi, 'VALIDATION_FAILED', '/options/0/value');
      const upd = await md(`mutation($f: FieldUpdateInput!) { updateField(object: "lead", name: "status", input: $f) { name } }`, { f: { options: [{ value: 'New' }, { value: 'MQL' }, { value: 'SQL' }, { value }] } });
      refused(upd, 'VALIDATION_FAILED', '/options/3/value');
      const doc = await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [{ name: 'thing', fields: [{ name: 'kind', type: 'select', options: [{ value }] }] }] } });
      refused(doc, 'VALIDATION_FAILED', '/objects/0/fields/0/options/0/value');
      const read = await t.api('{ leads(first: 1) { nodes { id status } } }');
      expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
      const intro = await t.api('{ __schema { types { name } } }');
      expect(intro.errors).toBeUndefined();
    });
  }
});

describe('finding 10: NUL and ill-formed Unicode are BAD_USER_INPUT with a pointer', () => {
  const NUL = 'a\u0000b';
  const LONE = 'a\ud800b';
  for (const [what, bad] of [['NUL', NUL], ['a lone surrogate', LONE]] as const) {
    it(`${what} in a record value (variables): refused with the value's pointer, nothing written`, async () => {
      const before = await t.count('lead');
      const res = await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { name: bad } });
      refused(res, 'BAD_USER_INPUT');
      expect(JSON.stringify(res.errors)).toMatch(/name/);
      expect(await t.count('lead')).toBe(before);
    });
    it(`${what} in a json field value, nested`, async () => {
      const res = await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { name: 'ok', extra: { deep: [1, { k: bad }] } } });
      refused(res, 'BAD_USER_INPUT');
    });
    it(`${what} in a filter value and in a cursor`, async () => {
      refused(await t.api('query($f: LeadFilter) { leads(filter: $f) { totalCount } }', { f: { name: { eq: bad } } }), 'BAD_USER_INPUT');
      refused(await t.api('query($f: LeadFilter) { leads(filter: $f) { totalCount } }', { f: { name: { contains: bad } } }), 'BAD_USER_INPUT');
      const cursor = Buffer.from(JSON.stringify([bad, '01900000-0000-7000-8000-000000000001'])).toString('base64');
      refused(await t.api('query($c: String) { leads(orderBy: [{name: ASC}], after: $c) { totalCount } }', { c: cursor }), 'BAD_USER_INPUT');
    });
    it(`${what} in metadata written as a literal in the document`, async () => {
      const literal = JSON.stringify(bad).replace(/[\u0000\ud800]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      refused(await md(`mutation { createObject(input: {name: "gadget", label: {en: ${literal}}}) { name } }`), 'BAD_USER_INPUT');
      refused(await md(`mutation { createRole(input: {name: ${literal}}) { id } }`), 'BAD_USER_INPUT');
      refused(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'gadget', label: bad }] } }), 'BAD_USER_INPUT', '/objects/0/label');
    });
    it(`${what} in metadata: a label, a name, an option label`, async () => {
      refused(await md('mutation($i: ObjectInput!) { createObject(input: $i) { name } }', { i: { name: 'gadget', label: { en: bad } } }), 'BAD_USER_INPUT', '/label/en');
      refused(await md('mutation($i: ObjectInput!) { createObject(input: $i) { name } }', { i: { name: `ga${bad}` } }), 'BAD_USER_INPUT', '/name');
      refused(await md('mutation($f: FieldInput!) { createField(object: "lead", input: $f) { name } }', { f: { name: 'zz', type: 'SELECT', options: [{ value: 'a', label: bad }] } }), 'BAD_USER_INPUT', '/options/0/label');
    });
  }
  it('NUL escaped inside a GraphQL string literal', async () => {
    const res = await t.api('mutation { createLead(data: {name: "a\\u0000b"}) { id } }');
    refused(res, 'BAD_USER_INPUT');
    refused(await t.api('{ leads(filter: {name: {eq: "a\\u0000b"}}) { totalCount } }'), 'BAD_USER_INPUT');
  });
  it('NUL in the login body and the operation name', async () => {
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a\u0000@x.test', password: 'x' }) });
    expect(login.status).toBe(400);
    const body = await login.json() as any;
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    refused(await gql(server, '/graphql', t.apiKey, '{ leads { totalCount } }', undefined).then(async () => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` }, body: JSON.stringify({ query: '{ leads { totalCount } }', operationName: 'x\u0000' }) });
      return { ...(await res.json() as object), status: res.status };
    }), 'BAD_USER_INPUT');
  });
});

describe('finding 10: LIKE patterns, long unique values, long derived names, JS property names, duplicate ids', () => {
  it('a contains/startsWith pattern ending in a backslash (or holding % and _) matches literally', async () => {
    await t.api('mutation { createLeads(data: [{name: "back\\\\"}, {name: "50% off_now"}, {name: "50x offXnow"}]) { id } }');
    for (const op of ['contains', 'startsWith', 'endsWith', 'notContains', 'like', 'ilike']) {
      const res = await t.api(`query($v: String) { leads(filter: {name: {${op}: $v}}) { totalCount } }`, { v: 'back\\' });
      expect(res.status).toBeLessThan(500);
      if (res.errors) refused(res, 'BAD_USER_INPUT');
    }
    const hit = await t.api('query($v: String) { leads(filter: {name: {contains: $v}}) { nodes { name } } }', { v: 'back\\' });
    expect(hit.errors).toBeUndefined();
    expect(hit.data.leads.nodes.map((n: any) => n.name)).toEqual(['back\\']);
    const pct = await t.api('query($v: String) { leads(filter: {name: {contains: $v}}) { nodes { name } } }', { v: '% off_' });
    expect(pct.data.leads.nodes.map((n: any) => n.name)).toEqual(['50% off_now']);
  });
  it('a unique text value too large for its index is VALIDATION_FAILED with its pointer', async () => {
    const field = await md('mutation($f: FieldInput!) { createField(object: "account", input: $f) { name } }', { f: { name: 'longCode', type: 'TEXT', unique: true, maxLength: 10000 } });
    expect(field.errors, JSON.stringify(field.errors)).toBeUndefined();
    const res = await t.api('mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }', { d: { name: 'big', longCode: '汉'.repeat(3000) } });
    refused(res, 'VALIDATION_FAILED', '/data/longCode');
    const bulk = await t.api('mutation($d: [AccountCreateInput!]!) { createAccounts(data: $d) { id } }', { d: [{ name: 'ok' }, { name: 'big', longCode: '汉'.repeat(3000) }] });
    refused(bulk, 'VALIDATION_FAILED', '/data/1/longCode');
    const ok = await t.api('mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }', { d: { name: 'fits', longCode: '汉'.repeat(600) } });
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
  });
  it('field names whose derived column names pass 63 bytes are refused at definition', async () => {
    const long = 'g' + 'x'.repeat(58);
    for (const type of ['GEOLOCATION', 'CURRENCY']) {
      const res = await md('mutation($f: FieldInput!) { createField(object: "lead", input: $f) { name } }', { f: { name: long, type } });
      refused(res, 'VALIDATION_FAILED', '/name');
    }
    const read = await t.api('{ leads(first: 1) { nodes { id } } }');
    expect(read.errors).toBeUndefined();
  });
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
    it(`an object or field named ${name} is refused or works, never a 500`, async () => {
      const obj = await md('mutation($i: ObjectInput!) { createObject(input: $i) { name } }', { i: { name, fields: [{ name: 'title', type: 'TEXT' }] } });
      expect(obj.status).toBeLessThan(500);
      if (obj.errors) refused(obj, 'VALIDATION_FAILED', '/name');
      const field = await md('mutation($f: FieldInput!) { createField(object: "lead", input: $f) { name } }', { f: { name, type: 'TEXT' } });
      expect(field.status).toBeLessThan(500);
      if (field.errors) refused(field, 'VALIDATION_FAILED', '/name');
      const read = await t.api('{ leads(first: 1) { nodes { id } } }');
      expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
      const intro = await t.api('{ __schema { types { name } } }');
      expect(intro.errors, JSON.stringify(intro.errors)).toBeUndefined();
    });
  }
  it('creating a record with an existing id is UNIQUE_VIOLATION with the pointer of the id', async () => {
    const a = await t.api('mutation { createLead(data: {name: "first"}) { id } }');
    const id = a.data.createLead.id;
    refused(await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { id, name: 'again' } }), 'UNIQUE_VIOLATION', '/data/id');
    refused(await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: [{ name: 'x' }, { id, name: 'again' }] }), 'UNIQUE_VIOLATION', '/data/1/id');
  });
});

describe('finding 11: e-mail uniqueness ignores case', () => {
  it('Case@x.test and case@x.test cannot both exist; upsert matches either spelling', async () => {
    const a = await t.api('mutation { createLead(data: {name: "one", email: "Case@x.test"}) { id } }');
    expect(a.errors).toBeUndefined();
    refused(await t.api('mutation { createLead(data: {name: "two", email: "case@x.test"}) { id } }'), 'UNIQUE_VIOLATION', '/data/email');
    refused(await t.api('mutation { createLeads(data: [{name: "two", email: "CASE@X.TEST"}]) { id } }'), 'UNIQUE_VIOLATION', '/data/0/email');
    expect(await t.count('lead', `lower(email) = 'case@x.test'`)).toBe(1);
    const up = await t.api('mutation { upsertLead(match: {email: "CASE@x.TEST"}, data: {name: "upserted"}) { id name email } }');
    expect(up.errors, JSON.stringify(up.errors)).toBeUndefined();
    expect(up.data.upsertLead).toMatchObject({ id: a.data.createLead.id, name: 'upserted', email: 'Case@x.test' });
    expect(await t.count('lead', `lower(email) = 'case@x.test'`)).toBe(1);
  });
  it('a unique text field holding two spellings of one address cannot become an email field; one that can is rebuilt case-insensitively', async () => {
    const made = await md('mutation { createField(object: "account", input: {name: "mail", type: TEXT, unique: true}) { name } }');
    expect(made.errors).toBeUndefined();
    await t.api('mutation { createAccounts(data: [{name: "a", mail: "x@y.test"}, {name: "b", mail: "X@Y.test"}]) { id } }');
    refused(await md('mutation { updateField(object: "account", name: "mail", input: {type: EMAIL, maxLength: 254}) { name } }'), 'CONFLICT', '/type');
    await t.sql(`update ${t.schema}.account set mail = 'z@y.test' where mail = 'X@Y.test'`);
    const retyped = await md('mutation { updateField(object: "account", name: "mail", input: {type: EMAIL, maxLength: 254}) { name } }');
    expect(retyped.errors, JSON.stringify(retyped.errors)).toBeUndefined();
    refused(await t.api('mutation { createAccount(data: {name: "c", mail: "Z@Y.TEST"}) { id } }'), 'UNIQUE_VIOLATION', '/data/mail');
    // Past the pre-check (a concurrent writer), the index itself refuses the other spelling.
    await expect(t.sql(`insert into ${t.schema}.account (id, name, mail) values (gen_random_uuid(), 'd', 'Z@y.test')`)).rejects.toThrow(/duplicate key/);
  });
});
