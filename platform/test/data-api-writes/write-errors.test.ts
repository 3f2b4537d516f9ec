import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { newTenant, startTestServer } from '../support/server.ts';
import { CLIENT_CODES, expectClean, expectError, fixtureTenant, type FixtureTenant } from './fixture.ts';

let server: RunningServer;
let t: FixtureTenant;
let other: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  [t, other] = await Promise.all([fixtureTenant(server), fixtureTenant(server)]);
});
afterAll(async () => { await server?.close(); });

const MISSING = '01900000-0000-7000-8000-000000000404';
const CREATE = `mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }`;
const CREATE_MANY = `mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`;

async function create(tenant: FixtureTenant, object: string, data: Record<string, unknown>): Promise<string> {
  const type = object[0].toUpperCase() + object.slice(1);
  const res = await tenant.api(`mutation($d: ${type}CreateInput!) { create${type}(data: $d) { id } }`, { d: data });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data[`create${type}`].id;
}

/** Runs a write that must be refused with `code`; no row of `object` may have been added, changed or deleted. */
async function refused(object: string, code: string, query: string, variables?: Record<string, unknown>, tenant = t) {
  const before = await tenant.fingerprint(object);
  const err = expectError(await tenant.api(query, variables), code);
  expect(await tenant.fingerprint(object), 'nothing written').toBe(before);
  return err;
}

describe('UNIQUE_VIOLATION names the field', () => {
  it('creating a record whose unique value another live record holds', async () => {
    await create(t, 'lead', { name: 'U1', email: 'taken@example.com' });
    const err = await refused('lead', 'UNIQUE_VIOLATION', CREATE, { d: { name: 'U2', email: 'taken@example.com' } });
    expect(err.extensions).toMatchObject({ field: 'email', errors: [{ pointer: '/data/email', field: 'email' }] });
  });

  it('two records of one batch with the same unique value (pointer of the second)', async () => {
    const d = [{ name: 'UB0', email: 'b0@example.com' }, { name: 'UB1', email: 'dup@example.com' }, { name: 'UB2', email: 'dup@example.com' }];
    const err = await refused('lead', 'UNIQUE_VIOLATION', CREATE_MANY, { d });
    expect(err.extensions).toMatchObject({ field: 'email', errors: [{ pointer: '/data/2/email', field: 'email' }] });
    expect(await t.count('lead', `name like 'UB%'`)).toBe(0);
  });

  it('updating a record to the unique value of an existing one', async () => {
    await create(t, 'lead', { name: 'UU1', extId: '5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b0001' });
    const id = await create(t, 'lead', { name: 'UU2', extId: '5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b0002' });
    const err = await refused('lead', 'UNIQUE_VIOLATION', `mutation($id: ID!) { updateLead(id: $id, data: {extId: "5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b0001"}) { id } }`, { id });
    expect(err.extensions).toMatchObject({ field: 'extId', errors: [{ pointer: '/data/extId' }] });
    expect(await t.count('lead', `id = $1 and "extId" = '5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b0002'`, [id])).toBe(1);
  });

  it('a record keeping its own unique value is not a violation', async () => {
    const id = await create(t, 'lead', { name: 'Self', email: 'self@example.com' });
    const res = await t.api(`mutation($id: ID!) { updateLead(id: $id, data: {email: "self@example.com", score: 1}) { score } }`, { id });
    expect(res.data?.updateLead, JSON.stringify(res.errors)).toEqual({ score: 1 });
  });

  it('updateLeads setting a unique field on several records', async () => {
    await create(t, 'lead', { name: 'UM1' });
    await create(t, 'lead', { name: 'UM2' });
    const err = await refused('lead', 'UNIQUE_VIOLATION', `mutation { updateLeads(filter: {name: {startsWith: "UM"}}, data: {email: "same@example.com"}) { count } }`);
    expect(err.extensions!.errors[0].pointer).toMatch(/^\/data/);
    expect(await t.count('lead', `email = 'same@example.com'`)).toBe(0);
  });

  it('a soft-deleted record does not block its unique value', async () => {
    const id = await create(t, 'lead', { name: 'Gone', email: 'reuse@example.com', extId: '5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b0003' });
    expect((await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id })).errors).toBeUndefined();
    const res = await t.api(CREATE, { d: { name: 'Reuser', email: 'reuse@example.com', extId: '5f0c8a4e-8f7a-4c1e-9d3b-2a6f1e0b0003' } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(await t.count('lead', `email = 'reuse@example.com'`)).toBe(2);
    // Restoring the deleted one now would hold the value twice: refused, and it stays deleted.
    const restore = await refused('lead', 'UNIQUE_VIOLATION', `mutation($id: ID!) { restoreLead(id: $id) { id } }`, { id });
    expect(['email', 'extId']).toContain(restore.extensions!.field);
    expect(await t.count('lead', `email = 'reuse@example.com' and "deletedAt" is null`)).toBe(1);
  });
});

describe('UNIQUE_VIOLATION names the fields of a composite unique index (issue 11, item 9)', () => {
  // territory: (region, code) unique together; either alone may repeat.
  const DOC = { objects: [{ name: 'territory', fields: [
    { name: 'name', type: 'text' },
    { name: 'region', type: 'text' },
    { name: 'code', type: 'text' },
  ], indexes: [{ fields: ['region', 'code'], unique: true }] }] };
  const ONE = `mutation($d: TerritoryCreateInput!) { createTerritory(data: $d) { id } }`;
  const MANY = `mutation($d: [TerritoryCreateInput!]!) { createTerritories(data: $d) { id } }`;
  let c: FixtureTenant;
  beforeAll(async () => { c = await fixtureTenant(server, DOC); });
  const pointers = (err: { extensions?: Record<string, any> }) => (err.extensions!.errors as { pointer: string }[]).map((e) => e.pointer).sort();

  it('a create taking the pair another live record holds: /data/region and /data/code', async () => {
    await create(c, 'territory', { name: 'North A', region: 'north', code: 'A' });
    const err = await refused('territory', 'UNIQUE_VIOLATION', ONE, { d: { name: 'North A again', region: 'north', code: 'A' } }, c);
    expect(pointers(err)).toEqual(['/data/code', '/data/region']);
    expect(err.extensions).toMatchObject({ field: 'region', fields: ['region', 'code'] });
    // Either value alone is not a violation.
    await create(c, 'territory', { name: 'North B', region: 'north', code: 'B' });
    await create(c, 'territory', { name: 'South A', region: 'south', code: 'A' });
  });

  it('two records of one batch with the same pair: the pointers of the second', async () => {
    const d = [{ region: 'east', code: 'X' }, { region: 'east', code: 'Y' }, { region: 'east', code: 'X' }];
    const err = await refused('territory', 'UNIQUE_VIOLATION', MANY, { d }, c);
    expect(pointers(err)).toEqual(['/data/2/code', '/data/2/region']);
  });

  it('a batch record taking a pair a live record holds: its index in the pointers', async () => {
    const d = [{ region: 'west', code: 'Q' }, { region: 'north', code: 'A' }];
    const err = await refused('territory', 'UNIQUE_VIOLATION', MANY, { d }, c);
    expect(pointers(err)).toEqual(['/data/1/code', '/data/1/region']);
  });

  it('an update changing one field of the pair into a taken pair (the other from the record)', async () => {
    const id = await create(c, 'territory', { name: 'North C', region: 'north', code: 'C' });
    const err = await refused('territory', 'UNIQUE_VIOLATION', `mutation($id: ID!) { updateTerritory(id: $id, data: {code: "A"}) { id } }`, { id }, c);
    expect(pointers(err)).toEqual(['/data/code', '/data/region']);
    // Keeping its own pair, or a free one, is fine.
    expect((await c.api(`mutation($id: ID!) { updateTerritory(id: $id, data: {code: "C", name: "renamed"}) { id } }`, { id })).errors).toBeUndefined();
    expect((await c.api(`mutation($id: ID!) { updateTerritory(id: $id, data: {code: "D"}) { id } }`, { id })).errors).toBeUndefined();
  });

  it('a bulk update giving several records one pair', async () => {
    await create(c, 'territory', { name: 'M1', region: 'm1', code: 'Z' });
    await create(c, 'territory', { name: 'M2', region: 'm2', code: 'Z' });
    const err = await refused('territory', 'UNIQUE_VIOLATION', `mutation { updateTerritories(filter: {name: {startsWith: "M"}}, data: {region: "m"}) { count } }`, undefined, c);
    expect(pointers(err)).toEqual(['/data/code', '/data/region']);
  });

  it('a null in the pair never collides (PostgreSQL treats nulls as distinct)', async () => {
    await create(c, 'territory', { name: 'N1', region: 'nulls' });
    await create(c, 'territory', { name: 'N2', region: 'nulls' });
  });

  it('restoring a record whose pair was taken meanwhile: the database refusal names the fields too', async () => {
    const id = await create(c, 'territory', { name: 'R1', region: 'restore', code: 'R' });
    expect((await c.api(`mutation($id: ID!) { deleteTerritory(id: $id) { id } }`, { id })).errors).toBeUndefined();
    await create(c, 'territory', { name: 'R2', region: 'restore', code: 'R' });
    const err = await refused('territory', 'UNIQUE_VIOLATION', `mutation($id: ID!) { restoreTerritory(id: $id) { id } }`, { id }, c);
    expect(err.extensions).toMatchObject({ field: 'region', fields: ['region', 'code'] });
    expect(pointers(err)).toEqual(['/id']);
  });
});

describe('REFERENCE_NOT_FOUND with the pointer of the field', () => {
  it('a lookup to a record that does not exist', async () => {
    const err = await refused('lead', 'REFERENCE_NOT_FOUND', CREATE, { d: { name: 'R1', account: MISSING } });
    expect(err.extensions).toMatchObject({ field: 'account', errors: [{ pointer: '/data/account', field: 'account' }] });
  });

  it('a lookup to a soft-deleted record', async () => {
    const account = await create(t, 'account', { name: 'Deleted Co' });
    await t.api(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: account });
    const err = await refused('lead', 'REFERENCE_NOT_FOUND', CREATE, { d: { name: 'R2', account } });
    expect(err.extensions!.errors[0].pointer).toBe('/data/account');
    const lead = await create(t, 'lead', { name: 'R2 live' });
    const upd = await refused('lead', 'REFERENCE_NOT_FOUND', `mutation($id: ID!, $a: ID) { updateLead(id: $id, data: {account: $a}) { id } }`, { id: lead, a: account });
    expect(upd.extensions!.errors[0].pointer).toBe('/data/account');
  });

  it('a master-detail child to a missing master', async () => {
    const err = await refused('contact', 'REFERENCE_NOT_FOUND', `mutation { createContact(data: {name: "Orphan", account: "${MISSING}"}) { id } }`);
    expect(err.extensions!.errors[0].pointer).toBe('/data/account');
  });

  it('a user field naming no user, and naming a user of another tenant', async () => {
    const err = await refused('lead', 'REFERENCE_NOT_FOUND', CREATE, { d: { name: 'R3', reviewer: MISSING } });
    expect(err.extensions).toMatchObject({ field: 'reviewer', errors: [{ pointer: '/data/reviewer' }] });
    const foreign = await refused('lead', 'REFERENCE_NOT_FOUND', CREATE, { d: { name: 'R4', reviewer: other.adminId } });
    expect(foreign.extensions!.errors[0].pointer).toBe('/data/reviewer');
  });

  it('in a batch, each offending record is pointed at', async () => {
    const err = await refused('lead', 'REFERENCE_NOT_FOUND', CREATE_MANY, { d: [{ name: 'RB0' }, { name: 'RB1', account: MISSING }, { name: 'RB2', reviewer: MISSING }] });
    expect(err.extensions!.errors.map((e: any) => e.pointer).sort()).toEqual(['/data/1/account', '/data/2/reviewer']);
  });
});

describe('VALIDATION_FAILED (or BAD_USER_INPUT when GraphQL refuses the value first)', () => {
  it('a required field missing, or null', async () => {
    // A create names it: the create input's field is non-null (issue 12), so GraphQL refuses first.
    const err = await refused('lead', 'BAD_USER_INPUT', CREATE, { d: { email: 'noname@example.com' } });
    expect(err.message).toMatch(/"name" of required type "String!" was not provided/);
    const nul = await refused('lead', 'BAD_USER_INPUT', CREATE, { d: { name: null } });
    expect(nul.message).toMatch(/name/);
    // An update may leave it out, but not clear it: the field's own check, with its pointer.
    const id = await create(t, 'lead', { name: 'Keep my name' });
    const upd = await refused('lead', 'VALIDATION_FAILED', `mutation($id: ID!) { updateLead(id: $id, data: {name: null}) { id } }`, { id });
    expect(upd.extensions!.errors[0].pointer).toBe('/data/name');
    expect(await t.count('lead', `id = $1 and name = 'Keep my name'`, [id])).toBe(1);
  });

  // Values GraphQL's own coercion may refuse (BAD_USER_INPUT) before the field's JSON Schema does.
  const cases: [string, Record<string, unknown>, string[], string?][] = [
    ['a string in an integer (variables)', { score: 'ten' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'score'],
    ['an integer beyond 32 bits', { score: 2 ** 31 }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'score'],
    ['a number out of its numeric(5,2) range', { rating: 1000.5 }, ['VALIDATION_FAILED'], 'rating'],
    ['a currency amount out of range and a lowercase code', { amount: { amount: 1e17, currency: 'eur' } }, ['VALIDATION_FAILED'], 'amount'],
    ['a bad email', { email: 'not an email' }, ['VALIDATION_FAILED'], 'email'],
    ['a bad url', { website: 'javascript:alert(1)' }, ['VALIDATION_FAILED'], 'website'],
    ['a url without a scheme', { website: 'example.com' }, ['VALIDATION_FAILED'], 'website'],
    ['a bad phone', { phone: 'call me' }, ['VALIDATION_FAILED'], 'phone'],
    ['an option not in the select', { status: 'Won' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'status'],
    ['an option not in the multi-select', { tags: ['hot', 'lukewarm'] }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'tags'],
    ['a repeated multi-select option', { tags: ['hot', 'hot'] }, ['VALIDATION_FAILED'], 'tags'],
    ['an impossible date', { born: '2021-02-30' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'born'],
    ['a date-time without an offset', { seenAt: '2026-03-31T09:30:00' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'seenAt'],
    ['a latitude beyond 90', { location: { lat: 91, lng: 0 } }, ['VALIDATION_FAILED'], 'location'],
    ['a uuid field that is no uuid', { extId: 'abc' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'extId'],
    ['a text longer than 255', { name: 'x'.repeat(256) }, ['VALIDATION_FAILED'], 'name'],
    ['an unknown field in data', { nickname: 'Bob' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED']],
    ['a boolean as a string', { active: 'yes' }, ['BAD_USER_INPUT', 'VALIDATION_FAILED'], 'active'],
  ];
  for (const [what, value, codes, field] of cases) {
    it(`${what}: refused with ${codes.join(' or ')}, nothing written`, async () => {
      const before = await t.fingerprint('lead');
      const res = await t.api(CREATE, { d: { name: 'Invalid', ...value } });
      expect(res.status).not.toBe(500);
      expectClean(res);
      const code = res.errors?.[0]?.extensions?.code;
      expect(CLIENT_CODES).toContain(code);
      expect(codes).toContain(code);
      if (code === 'VALIDATION_FAILED' && field) expect(res.errors![0].extensions!.errors.map((e: any) => e.pointer)).toContain(`/data/${field}`);
      if (code === 'BAD_USER_INPUT' && field) expect(res.errors![0].message).toContain(field);
      expect(await t.fingerprint('lead')).toBe(before);
    });
  }

  it('several invalid fields of several records are all reported, each with its pointer', async () => {
    const err = await refused('lead', 'VALIDATION_FAILED', CREATE_MANY, { d: [{ name: 'ok' }, { name: 'ok', email: 'bad' }, { name: 'ok', rating: 5000, website: 'nope' }] });
    expect(err.extensions!.errors.map((e: any) => e.pointer).sort()).toEqual(['/data/1/email', '/data/2/rating', '/data/2/website']);
  });

  it('an invalid value in updateLeads changes no record', async () => {
    await create(t, 'lead', { name: 'VU1', score: 1 });
    await refused('lead', 'VALIDATION_FAILED', `mutation { updateLeads(filter: {name: {eq: "VU1"}}, data: {email: "bad"}) { count } }`);
  });
});

describe('LIMIT_EXCEEDED for batches over the tenant\'s maxBatchSize', () => {
  it('createLeads, updateLeads and deleteLeads over maxBatchSize = 5 are refused naming the limit', async () => {
    const small = await fixtureTenant(server);
    await create(small, 'lead', { name: 'warm the key cache' });
    await server.platform.pool.query(`update tessera.tenants set settings = '{"limits": {"maxBatchSize": 5}}' where id = $1`, [small.id]);
    server.platform.auth.forget();
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `Limit ${i}` }));
    const err = await refused('lead', 'LIMIT_EXCEEDED', CREATE_MANY, { d: six }, small);
    expect(err.extensions).toMatchObject({ limit: 'maxBatchSize', max: 5, value: 6 });
    const five = await small.api(CREATE_MANY, { d: six.slice(1) });
    expect(five.errors).toBeUndefined();
    await small.api(CREATE, { d: { name: 'Limit 0' } });
    const upd = await refused('lead', 'LIMIT_EXCEEDED', `mutation { updateLeads(filter: {name: {startsWith: "Limit"}}, data: {score: 1}) { count } }`, undefined, small);
    expect(upd.extensions!.limit).toBe('maxBatchSize');
    expect(await small.count('lead', 'score = 1')).toBe(0);
    const del = await refused('lead', 'LIMIT_EXCEEDED', `mutation { deleteLeads(filter: {name: {startsWith: "Limit"}}) { count } }`, undefined, small);
    expect(del.extensions!.limit).toBe('maxBatchSize');
    expect(await small.count('lead', `"deletedAt" is null and name like 'Limit%'`)).toBe(6);
  });
});

describe('NOT_FOUND and BAD_USER_INPUT for ids', () => {
  it('update, delete and restore of an unknown id answer NOT_FOUND', async () => {
    for (const q of [`updateLead(id: "${MISSING}", data: {score: 1})`, `deleteLead(id: "${MISSING}")`, `restoreLead(id: "${MISSING}")`]) {
      const err = await refused('lead', 'NOT_FOUND', `mutation { ${q} { id } }`);
      expect(err.extensions!.errors[0].pointer).toBe('/id');
    }
  });

  it('update and delete of a soft-deleted record answer NOT_FOUND', async () => {
    const id = await create(t, 'lead', { name: 'Already gone' });
    await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id });
    await refused('lead', 'NOT_FOUND', `mutation($id: ID!) { updateLead(id: $id, data: {score: 5}) { id } }`, { id });
    await refused('lead', 'NOT_FOUND', `mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id });
  });

  it('a malformed id answers BAD_USER_INPUT, for reads and every write', async () => {
    for (const id of ['123', 'not-a-uuid', "'; drop table lead; --"]) {
      for (const q of [`updateLead(id: $id, data: {score: 1}) { id }`, `deleteLead(id: $id) { id }`, `restoreLead(id: $id) { id }`, `upsertLead(match: {id: $id}, data: {name: "x"}) { id }`]) {
        await refused('lead', 'BAD_USER_INPUT', `mutation($id: ID!) { ${q} }`, { id });
      }
      expectError(await t.api(`query($id: ID!) { lead(id: $id) { id } }`, { id }), 'BAD_USER_INPUT');
    }
    // A client-chosen id for a new record is a record value: VALIDATION_FAILED at its pointer.
    const chosen = await refused('lead', 'VALIDATION_FAILED', CREATE, { d: { id: 'nope', name: 'bad id' } });
    expect(chosen.extensions!.errors[0].pointer).toBe('/data/id');
    const match = await refused('lead', 'VALIDATION_FAILED', `mutation { upsertLead(match: {extId: "abc"}, data: {name: "x"}) { id } }`);
    expect(match.extensions!.errors[0].pointer).toBe('/match/extId');
  });
});

describe('cross-tenant isolation', () => {
  it('another tenant\'s record ids read as null and answer NOT_FOUND to update, delete and restore', async () => {
    const theirs = await create(other, 'lead', { name: 'Not yours', email: 'private@example.com' });
    const theirAccount = await create(other, 'account', { name: 'Their Co' });
    const read = await t.api(`query($id: ID!) { lead(id: $id) { id name } account(id: $id) { id } leads(filter: {id: {eq: $id}}) { totalCount } }`, { id: theirs });
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ lead: null, account: null, leads: { totalCount: 0 } });
    await refused('lead', 'NOT_FOUND', `mutation($id: ID!) { updateLead(id: $id, data: {name: "hijacked"}) { id } }`, { id: theirs });
    await refused('lead', 'NOT_FOUND', `mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id: theirs });
    await refused('lead', 'NOT_FOUND', `mutation($id: ID!) { restoreLead(id: $id) { id } }`, { id: theirs });
    const bulk = await t.api(`mutation($id: ID!) { updateLeads(filter: {id: {eq: $id}}, data: {name: "hijacked"}) { count } deleteLeads(filter: {id: {eq: $id}}) { count } }`, { id: theirs });
    expect(bulk.data).toEqual({ updateLeads: { count: 0 }, deleteLeads: { count: 0 } });
    await refused('lead', 'REFERENCE_NOT_FOUND', CREATE, { d: { name: 'Pointing across', account: theirAccount } });
    // Their record is untouched.
    expect(await other.count('lead', `id = $1 and name = 'Not yours' and "deletedAt" is null`, [theirs])).toBe(1);
    const mine = await other.api(`query($id: ID!) { lead(id: $id) { name email } }`, { id: theirs });
    expect(mine.data.lead).toEqual({ name: 'Not yours', email: 'private@example.com' });
  });

  it('an API key of one tenant never reaches another tenant\'s schema, and no key is UNAUTHENTICATED', async () => {
    const stranger = await newTenant(server);
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stranger.apiKey}` }, body: JSON.stringify({ query: '{ leads { totalCount } }' }) });
    const body = (await res.json()) as any;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anon = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
