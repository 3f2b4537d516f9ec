import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from '../support/server.ts';

/**
 * Findings 7 and 8 of issue 10, and their class: a write must never tell a caller more than a read
 * would. Upsert matching, lookups, master-detail parents, owners and user fields answer alike for a
 * record (or user) that does not exist and one the caller may not see; fields the caller may not read
 * can be neither matched nor read back through a user field.
 *
 * Two reps as peers (role rep, no one below them): each sees only their own PRIVATE leads and accounts.
 * `ssn` (unique) and `reviewer` (a user field) are hidden from reps.
 */
let server: RunningServer;
let adminKey: string;
let tenantId: string;
let schema: string;
const reps: { id: string; key: string }[] = [];
let otherTenantUser: string;
let inactiveUser: string;
const leadOf: string[] = [];
const accountOf: string[] = [];
const contactOf: string[] = [];

const as = (key: string, query: string, variables?: Record<string, unknown>) => gql(server, '/graphql', key, query, variables);
const ok = <T = any>(res: GraphQLResponse<T>, what: string): T => {
  if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
};
const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'OK';
/** An error as the caller sees it, with the given ids written as <id>, to compare two answers. */
const shape = (res: GraphQLResponse, ...ids: string[]) => {
  let text = JSON.stringify(res.errors?.map(({ message, extensions }) => ({ message, extensions })) ?? res.data);
  for (const id of ids) text = text.split(id).join('<id>');
  return text;
};
const lead = async (id: string) => (await server.platform.pool.query(`select * from "${schema}".lead where id = $1`, [id])).rows[0];

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'wo');
  adminKey = t.apiKey;
  tenantId = t.tenant.id;
  schema = t.tenant.schema;
  const md = metadataClient(server, adminKey);
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [
    { name: 'account', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text', required: true }] },
    { name: 'lead', sharing: 'PRIVATE', fields: [
      { name: 'name', type: 'text', required: true }, { name: 'email', type: 'email', unique: true }, { name: 'ssn', type: 'text', unique: true },
      { name: 'account', type: 'lookup', target: 'account' }, { name: 'reviewer', type: 'user' },
    ] },
    { name: 'contact', fields: [{ name: 'name', type: 'text', required: true }, { name: 'account', type: 'masterDetail', target: 'account' }] },
  ] } }), 'metadata');
  const rcu = (object: string) => ({ object, read: true, create: true, update: true });
  ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: {
    name: 'rep', objectPermissions: [rcu('account'), rcu('lead'), rcu('contact')],
    fieldPermissions: [{ object: 'lead', field: 'ssn', read: false, update: false }, { object: 'lead', field: 'reviewer', read: false, update: false }],
  } }), 'role');
  for (const n of [1, 2]) {
    const id = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `rep${n}@wo.test`, name: `rep${n}`, role: 'rep' } }), 'user').createUser.id;
    const key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id }), 'key').createApiKey.key;
    reps.push({ id, key });
  }
  inactiveUser = ok(await md(`mutation { createUser(input: {email: "gone@wo.test", name: "gone"}) { id } }`), 'inactive').createUser.id;
  ok(await md(`mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { id } }`, { id: inactiveUser }), 'deactivate');
  otherTenantUser = (await newTenant(server, 'wo2')).admin.id;
  for (const [i, rep] of reps.entries()) {
    const account = ok(await as(adminKey, `mutation($o: ID!) { createAccount(data: {name: "acc", owner: $o}) { id } }`, { o: rep.id }), 'account').createAccount.id;
    accountOf.push(account);
    leadOf.push(ok(await as(adminKey, `mutation($o: ID!, $a: ID!, $r: ID!) { createLead(data: {name: "lead", email: "lead${i}@wo.test", ssn: "ssn-${i}", account: $a, owner: $o, reviewer: $r}) { id } }`, { o: rep.id, a: account, r: rep.id }), 'lead').createLead.id);
    contactOf.push(ok(await as(adminKey, `mutation($o: ID!, $a: ID!) { createContact(data: {name: "c", account: $a, owner: $o}) { id } }`, { o: rep.id, a: account }), 'contact').createContact.id);
  }
});
afterAll(async () => { await server?.close(); });

describe('finding 7: upsert is no oracle', () => {
  it('matching by a field the caller may not read is FORBIDDEN at /match/<field>, alike for right and wrong guesses, before any query', async () => {
    const [rep1] = reps;
    const doc = `mutation($s: String!) { upsertLead(match: {ssn: $s}, data: {name: "guess"}) { id } }`;
    const right = await as(rep1.key, doc, { s: 'ssn-1' });
    const wrong = await as(rep1.key, doc, { s: 'ssn-nothing' });
    const own = await as(rep1.key, doc, { s: 'ssn-0' });
    for (const res of [right, wrong, own]) expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/match/ssn' }] });
    expect(shape(right)).toBe(shape(wrong));
    expect((await lead(leadOf[1])).name).toBe('lead');
    expect((await server.platform.pool.query(`select count(*)::int as n from "${schema}".lead`)).rows[0].n).toBe(2);
  });

  it('a match on another rep\'s PRIVATE record answers as a create of that value would: no NOT_FOUND, no id', async () => {
    const [rep1] = reps;
    const upsert = await as(rep1.key, `mutation { upsertLead(match: {email: "lead1@wo.test"}, data: {name: "taken over"}) { id name } }`);
    const create = await as(rep1.key, `mutation { createLead(data: {email: "lead1@wo.test", name: "taken over"}) { id name } }`);
    expect(codeOf(upsert)).toBe('UNIQUE_VIOLATION');
    expect(JSON.stringify(upsert.errors)).not.toContain(leadOf[1]);
    expect(shape(upsert).replace(/"\/data\/0\//g, '"/data/')).toBe(shape(create).replace(/"\/data\/0\//g, '"/data/'));
    expect((await lead(leadOf[1])).name).toBe('lead');
    // By id: the same answer as creating a record with that id.
    const byId = await as(rep1.key, `mutation($id: ID!) { upsertLead(match: {id: $id}, data: {name: "taken over"}) { id } }`, { id: leadOf[1] });
    const createWithId = await as(rep1.key, `mutation($id: ID!) { createLead(data: {id: $id, name: "taken over"}) { id } }`, { id: leadOf[1] });
    expect(codeOf(byId)).not.toBe('NOT_FOUND');
    expect(codeOf(byId)).toBe(codeOf(createWithId));
    expect((await lead(leadOf[1])).name).toBe('lead');
  });

  it('a match on the caller\'s own record still updates it, and a free value still creates', async () => {
    const [rep1] = reps;
    const mine = await as(rep1.key, `mutation { upsertLead(match: {email: "lead0@wo.test"}, data: {name: "mine v2"}) { id name } }`);
    expect(mine.data?.upsertLead, JSON.stringify(mine.errors)).toEqual({ id: leadOf[0], name: 'mine v2' });
    const fresh = await as(rep1.key, `mutation { upsertLead(match: {email: "fresh@wo.test"}, data: {name: "fresh"}) { id name } }`);
    expect(fresh.data?.upsertLead?.name, JSON.stringify(fresh.errors)).toBe('fresh');
  });
});

describe('the same class elsewhere: references, parents, hidden fields', () => {
  it('a lookup to an account the caller cannot see is REFERENCE_NOT_FOUND, as one that does not exist', async () => {
    const [rep1] = reps;
    const doc = `mutation($a: ID!) { createLead(data: {name: "x", account: $a}) { id } }`;
    const noneId = randomUUID();
    const hidden = await as(rep1.key, doc, { a: accountOf[1] });
    const none = await as(rep1.key, doc, { a: noneId });
    expect(hidden.errors?.[0]?.extensions).toMatchObject({ code: 'REFERENCE_NOT_FOUND', errors: [{ pointer: '/data/account' }] });
    expect(shape(hidden, accountOf[1])).toBe(shape(none, noneId));
    const update = await as(rep1.key, `mutation($id: ID!, $a: ID!) { updateLead(id: $id, data: {account: $a}) { id } }`, { id: leadOf[0], a: accountOf[1] });
    expect(codeOf(update)).toBe('REFERENCE_NOT_FOUND');
    expect((await lead(leadOf[0])).account).toBe(accountOf[0]);
  });

  it('moving a master-detail child under a parent the caller cannot see is refused as under one that does not exist', async () => {
    const [rep1] = reps;
    const doc = `mutation($id: ID!, $a: ID!) { updateContact(id: $id, data: {account: $a}) { id } }`;
    const hidden = await as(rep1.key, doc, { id: contactOf[0], a: accountOf[1] });
    const noneId = randomUUID();
    const none = await as(rep1.key, doc, { id: contactOf[0], a: noneId });
    expect(codeOf(hidden)).toBe('FORBIDDEN');
    expect(shape(hidden, accountOf[1])).toBe(shape(none, noneId));
    const row = (await server.platform.pool.query(`select account from "${schema}".contact where id = $1`, [contactOf[0]])).rows[0];
    expect(row.account).toBe(accountOf[0]);
  });

  it('a user field the caller may not read answers null, and cannot be filtered or sorted by', async () => {
    const [rep1] = reps;
    const res = await as(rep1.key, `query($id: ID!) { lead(id: $id) { id reviewer { id name } owner { id } } }`, { id: leadOf[0] });
    expect(res.data?.lead, JSON.stringify(res.errors)).toEqual({ id: leadOf[0], reviewer: null, owner: { id: rep1.id } });
    const filter = await as(rep1.key, `query($r: ID!) { leads(filter: {reviewer: {eq: $r}}) { totalCount } }`, { r: rep1.id });
    expect(codeOf(filter)).toBe('FORBIDDEN');
  });

  it('filters, orders, groups and aggregates over a hidden field are FORBIDDEN; the history of an unseen record is NOT_FOUND as a missing one', async () => {
    const [rep1] = reps;
    for (const q of [
      `{ leads(filter: {ssn: {eq: "ssn-1"}}) { totalCount } }`,
      `{ leads(orderBy: [{ssn: ASC}]) { totalCount } }`,
      `{ leadsAggregate(groupBy: [{reviewer: true}]) { count } }`,
      `{ leadsAggregate { countDistinct { ssn } } }`,
    ]) expect(codeOf(await as(rep1.key, q)), q).toBe('FORBIDDEN');
    const missing = randomUUID();
    const hidden = await as(rep1.key, `query($id: ID!) { recordHistory(object: "lead", id: $id) { action } }`, { id: leadOf[1] });
    const none = await as(rep1.key, `query($id: ID!) { recordHistory(object: "lead", id: $id) { action } }`, { id: missing });
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(shape(hidden, leadOf[1])).toBe(shape(none, missing));
  });
});

describe('finding 8: owners and user fields are active users of the tenant', () => {
  it.each([
    ['an id that is no user', () => randomUUID()],
    ['a user of another tenant', () => otherTenantUser],
    ['an inactive user', () => inactiveUser],
  ])('refuses %s as owner or user field, with its pointer, writing nothing', async (_what, idOf) => {
    const id = idOf();
    const count = async () => (await server.platform.pool.query(`select count(*)::int as n from "${schema}".lead`)).rows[0].n;
    const before = await count();
    const one = await as(adminKey, `mutation($o: ID!) { createLead(data: {name: "x", owner: $o}) { id } }`, { o: id });
    expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'REFERENCE_NOT_FOUND', errors: [{ pointer: '/data/owner' }] });
    const many = await as(adminKey, `mutation($o: ID!) { createLeads(data: [{name: "ok"}, {name: "x", owner: $o}]) { id } }`, { o: id });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'REFERENCE_NOT_FOUND', errors: [{ pointer: '/data/1/owner' }] });
    const reviewer = await as(adminKey, `mutation($o: ID!) { createLead(data: {name: "x", reviewer: $o}) { id } }`, { o: id });
    expect(reviewer.errors?.[0]?.extensions).toMatchObject({ code: 'REFERENCE_NOT_FOUND', errors: [{ pointer: '/data/reviewer' }] });
    const update = await as(adminKey, `mutation($id: ID!, $o: ID!) { updateLead(id: $id, data: {owner: $o}) { id } }`, { id: leadOf[0], o: id });
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'REFERENCE_NOT_FOUND', errors: [{ pointer: '/data/owner' }] });
    const bulk = await as(adminKey, `mutation($o: ID!) { updateLeads(filter: {}, data: {owner: $o}) { count } }`, { o: id });
    expect(codeOf(bulk)).toBe('REFERENCE_NOT_FOUND');
    const upsert = await as(adminKey, `mutation($o: ID!) { upsertLead(match: {email: "owner-test@wo.test"}, data: {name: "x", owner: $o}) { id } }`, { o: id });
    expect(codeOf(upsert)).toBe('REFERENCE_NOT_FOUND');
    expect(await count()).toBe(before);
    expect((await lead(leadOf[0])).ownerId).toBe(reps[0].id);
  });

  it('transfer: the owner of a record (update rights on it) may give it to another active user, and then no longer sees it; others\' records are NOT_FOUND', async () => {
    const [rep1, rep2] = reps;
    const mine = ok(await as(rep1.key, `mutation { createLead(data: {name: "to give"}) { id owner { id } } }`), 'create').createLead;
    expect(mine.owner.id).toBe(rep1.id);
    const theirs = await as(rep1.key, `mutation($id: ID!, $o: ID!) { updateLead(id: $id, data: {owner: $o}) { id } }`, { id: leadOf[1], o: rep1.id });
    expect(codeOf(theirs)).toBe('NOT_FOUND');
    const given = await as(rep1.key, `mutation($id: ID!, $o: ID!) { updateLead(id: $id, data: {owner: $o}) { id } }`, { id: mine.id, o: rep2.id });
    expect(given.errors).toBeUndefined();
    expect(given.data.updateLead).toBeNull();
    expect((await lead(mine.id)).ownerId).toBe(rep2.id);
    expect((await as(rep2.key, `query($id: ID!) { lead(id: $id) { id } }`, { id: mine.id })).data.lead).toEqual({ id: mine.id });
  });
});

describe('tenant', () => {
  it('was built', () => expect(tenantId).toBeTruthy());
});
