import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { expectClean } from '../data-api-writes/fixture.ts';
import { metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * Issue 12, item 3: the types real clients rely on. Option fields are enums for inputs, filters and
 * outputs — values that are no GraphQL names mapped both ways, on the compiled path and graphql-js's
 * alike; required fields are non-null in create inputs; every record type is a `Node` and
 * `node(id)` answers exactly what a get by id answers, and null for anything the caller may not see.
 */

const STAGES = ['Prospecting', 'Closed Won', 'Closed_Won', '1st call', 'a-b', 'a b', '已成交', 'Café'];
const METADATA = {
  objects: [
    {
      name: 'deal',
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'stage', type: 'select', options: STAGES.map((value) => ({ value })) },
        { name: 'tags', type: 'multiSelect', options: ['hot', 'needs-review', '重点'].map((value) => ({ value })) },
        { name: 'region', type: 'select', required: true, options: [{ value: 'north' }, { value: 'south-east' }] },
        { name: 'priority', type: 'select', required: true, defaultValue: 'normal', options: [{ value: 'normal' }, { value: 'high' }] },
        { name: 'secret', type: 'text' },
      ],
    },
    { name: 'note', fields: [{ name: 'body', type: 'text' }, { name: 'deal', type: 'lookup', target: 'deal' }] },
  ],
};

interface Caller { key: string; id: string }
interface Answer { status: number; data?: any; errors?: any[]; extensions?: any }

let server: RunningServer;
let admin: Caller;
let rep: Caller;
let other: Caller;
let schema: string;
/** Enum value names of deal.stage, by stored value (from the metadata API). */
let stageName: Map<string, string>;

async function post(caller: Caller, query: string, variables?: Record<string, unknown>, trace = false): Promise<Answer> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.key}`, ...(trace ? { 'x-tessera-trace': '1' } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...(await res.json() as object) };
}

/** The compiled path's answer and graphql-js's (a traced request is executed by yoga): they must be the same. */
async function both(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const fast = await post(caller, query, variables);
  const { extensions: _trace, ...slow } = await post(caller, query, variables, true);
  expect(slow, `fallback path of ${query}`).toEqual(fast);
  return fast;
}

async function data(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await both(caller, query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

function refused(res: Answer, code: string, pattern?: RegExp) {
  expect(res.status, JSON.stringify(res)).toBeLessThan(500);
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe(code);
  if (pattern) expect(res.errors![0].message).toMatch(pattern);
  expectClean(res as never);
}

const sql = async (text: string, params: unknown[] = []) => (await server.platform.pool.query(text, params)).rows;
const ok = (res: { errors?: unknown; data?: any }) => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'types');
  schema = t.tenant.schema;
  admin = { key: t.apiKey, id: t.admin.id };
  const md = metadataClient(server, admin.key);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: METADATA }));
  ok(await md('mutation { updateObject(name: "deal", input: {sharing: PRIVATE}) { name } }'));
  // The rep reads deals (not their secret) and no notes at all.
  ok(await md('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'rep', objectPermissions: [{ object: 'deal', read: true, create: true, update: true }], fieldPermissions: [{ object: 'deal', field: 'secret', read: false, update: false }] } }));
  const repId = ok(await md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: 'rep@types.test', name: 'rep', role: 'rep' } })).createUser.id as string;
  rep = { id: repId, key: ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: repId })).createApiKey.key };
  const o = await newTenant(server, 'types-other');
  other = { key: o.apiKey, id: o.admin.id };
  ok(await metadataClient(server, other.key)('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: METADATA }));
  const options = ok(await md('{ object(name: "deal") { fields { name options { value enumValue } } } }')).object.fields.find((f: any) => f.name === 'stage').options as { value: string; enumValue: string }[];
  stageName = new Map(options.map((x) => [x.value, x.enumValue]));
});
afterAll(async () => { await server?.close(); });

const dealTable = async () => `"${schema}"."${(await sql(`select table_name from tessera.object_definitions where tenant_id = (select id from tessera.tenants where schema_name = $1) and name = 'deal' and deleted_at is null`, [schema]))[0].table_name}"`;

describe('option fields are enums, for inputs as for outputs', () => {
  it('maps each stored value that is no GraphQL name to a valid, unique enum value, and tells clients the mapping', async () => {
    const type = (await data(admin, '{ __type(name: "DealStageOption") { kind enumValues { name description } } }')).__type;
    expect(type.kind).toBe('ENUM');
    const names = type.enumValues.map((v: { name: string }) => v.name);
    expect(names).toEqual(STAGES.map((v) => stageName.get(v)));
    expect(new Set(names).size).toBe(STAGES.length);
    for (const n of names) expect(n).toMatch(/^[_A-Za-z][_0-9A-Za-z]*$/);
    // Values that are names keep them (`LeadStatusOption` of every existing tenant is unchanged).
    expect(stageName.get('Prospecting')).toBe('Prospecting');
    expect(stageName.get('Closed_Won')).toBe('Closed_Won');
    // Mapped values that collide after mapping (with a value, or with each other) carry a hash each.
    expect(stageName.get('Closed Won')).toMatch(/^Closed_Won_[0-9A-F]{8}$/);
    expect(stageName.get('a-b')).toMatch(/^a_b_[0-9A-F]{8}$/);
    expect(stageName.get('a b')).toMatch(/^a_b_[0-9A-F]{8}$/);
    expect(stageName.get('1st call')).toBe('_1st_call');
    expect(stageName.get('已成交')).toBe('_u5DF2_u6210_u4EA4');
    expect(stageName.get('Café')).toBe('Cafe');
    expect(type.enumValues.find((v: any) => v.name === stageName.get('Closed Won')).description).toContain('"Closed Won"');
    // Inputs, filters and outputs use the same enum; no option scalar is left.
    const typeRef = 'type { kind name ofType { kind name ofType { kind name } } }';
    const input = await data(admin, `{ c: __type(name: "DealCreateInput") { inputFields { name ${typeRef} } } u: __type(name: "DealUpdateInput") { inputFields { name ${typeRef} } } f: __type(name: "DealStageOptionFilter") { inputFields { name ${typeRef} } } t: __type(name: "DealTagsOptionFilter") { inputFields { name ${typeRef} } } }`);
    const field = (type: string, name: string) => input[type].inputFields.find((f: any) => f.name === name).type;
    const list = (name: string) => ({ kind: 'LIST', name: null, ofType: { kind: 'NON_NULL', name: null, ofType: { kind: 'ENUM', name } } });
    expect(field('c', 'stage')).toMatchObject({ kind: 'ENUM', name: 'DealStageOption' });
    expect(field('u', 'stage')).toMatchObject({ kind: 'ENUM', name: 'DealStageOption' });
    expect(field('c', 'tags')).toEqual(list('DealTagsOption'));
    expect(field('f', 'eq')).toMatchObject({ kind: 'ENUM', name: 'DealStageOption' });
    expect(field('f', 'in')).toEqual(list('DealStageOption'));
    expect(field('t', 'containsAll')).toEqual(list('DealTagsOption'));
    expect((await data(admin, '{ __type(name: "DealStageOptionValue") { name } }')).__type).toBeNull();
  });

  it('stores the option value of an enum input and answers its name, on both paths, wherever the field is read', async () => {
    const closedWon = stageName.get('Closed Won')!;
    const created = (await post(admin, `mutation { createDeal(data: {title: "One", region: south_east, stage: ${closedWon}, tags: [needs_review, _u91CD_u70B9, hot]}) { id stage tags region priority } }`));
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const deal = created.data.createDeal;
    expect(deal).toMatchObject({ stage: closedWon, tags: ['needs_review', '_u91CD_u70B9', 'hot'], region: 'south_east', priority: 'normal' });
    const [row] = await sql(`select stage, tags, region from ${await dealTable()} where id = $1`, [deal.id]);
    expect(row).toEqual({ stage: 'Closed Won', tags: ['needs-review', '重点', 'hot'], region: 'south-east' });
    // Updated through variables (names), read back by id, in lists, through a lookup and grouped.
    ok(await post(admin, 'mutation($id: ID!, $d: DealUpdateInput!) { updateDeal(id: $id, data: $d) { id } }', { id: deal.id, d: { stage: stageName.get('已成交'), tags: ['hot', 'needs_review'] } }));
    expect((await sql(`select stage, tags from ${await dealTable()} where id = $1`, [deal.id]))[0]).toEqual({ stage: '已成交', tags: ['hot', 'needs-review'] });
    ok(await post(admin, 'mutation($d: NoteCreateInput!) { createNote(data: $d) { id } }', { d: { body: 'n', deal: deal.id } }));
    const read = await data(admin, `query($id: ID!) { deal(id: $id) { stage tags } deals(filter: {id: {eq: $id}}) { nodes { stage } } notes(first: 5) { nodes { deal { stage tags } } } dealsAggregate(filter: {id: {eq: $id}}, groupBy: [{stage: true}]) { key { stage } count } }`, { id: deal.id });
    expect(read.deal).toEqual({ stage: '_u5DF2_u6210_u4EA4', tags: ['hot', 'needs_review'] });
    expect(read.deals.nodes).toEqual([{ stage: '_u5DF2_u6210_u4EA4' }]);
    expect(read.notes.nodes).toEqual([{ deal: { stage: '_u5DF2_u6210_u4EA4', tags: ['hot', 'needs_review'] } }]);
    expect(read.dealsAggregate).toEqual([{ key: { stage: '_u5DF2_u6210_u4EA4' }, count: 1 }]);
    // Without variables the compiled SQL is cached per document: the second answer comes from it.
    const literal = `{ deals(filter: {stage: {eq: _u5DF2_u6210_u4EA4}}) { nodes { id stage } } }`;
    expect((await data(admin, literal)).deals.nodes).toEqual([{ id: deal.id, stage: '_u5DF2_u6210_u4EA4' }]);
    expect((await data(admin, literal)).deals.nodes).toEqual([{ id: deal.id, stage: '_u5DF2_u6210_u4EA4' }]);
  });

  it('filters by enum names (eq, in, nin, containsAny, containsAll; literals and variables) as by the stored values they stand for', async () => {
    const ids: Record<string, string> = {};
    for (const [title, stage, tags] of [['p', 'Prospecting', ['hot']], ['cw', 'Closed_Won', ['重点']], ['ab', 'a-b', ['needs-review', 'hot']], ['ab2', 'a b', []], ['first', '1st call', null]] as const) {
      const res = await post(admin, 'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: { title: `filter ${title}`, region: 'north', stage: stageName.get(stage), tags: tags && tags.map((t) => ({ 'needs-review': 'needs_review', 重点: '_u91CD_u70B9' } as Record<string, string>)[t] ?? t) } });
      ids[title] = ok(res).createDeal.id;
    }
    const titles = async (filter: string, variables?: Record<string, unknown>) => {
      const d = await data(admin, `query${variables ? '($f: DealFilter!)' : ''} { deals(filter: {and: [{title: {startsWith: "filter "}}, ${filter}]}, orderBy: [{title: ASC}]) { nodes { title } } }`, variables);
      return d.deals.nodes.map((n: { title: string }) => n.title.slice('filter '.length));
    };
    const ab = stageName.get('a-b')!;
    const ab2 = stageName.get('a b')!;
    expect(await titles(`{stage: {eq: ${ab}}}`)).toEqual(['ab']);
    expect(await titles(`{stage: {in: [${ab}, ${ab2}, _1st_call]}}`)).toEqual(['ab', 'ab2', 'first']);
    expect(await titles(`{stage: {nin: [${ab}, ${ab2}, _1st_call]}}`)).toEqual(['cw', 'p']);
    expect(await titles('{tags: {containsAny: [_u91CD_u70B9, needs_review]}}')).toEqual(['ab', 'cw']);
    expect(await titles('{tags: {containsAll: [hot, needs_review]}}')).toEqual(['ab']);
    expect(await titles('$f', { f: { stage: { eq: ab2 } } })).toEqual(['ab2']);
    expect(await titles('$f', { f: { tags: { containsAny: ['needs_review'] } } })).toEqual(['ab']);
    // Nested: a lookup filter's enum, and a child filter's.
    ok(await post(admin, 'mutation($d: NoteCreateInput!) { createNote(data: $d) { id } }', { d: { body: 'on ab', deal: ids.ab } }));
    expect((await data(admin, `{ notes(filter: {deal: {stage: {eq: ${ab}}}}) { nodes { body } } }`)).notes.nodes).toEqual([{ body: 'on ab' }]);
    expect(await titles(`{notesSome: {body: {eq: "on ab"}}, stage: {eq: ${ab}}}`)).toEqual(['ab']);
    // Bulk changes take the same enum filter and data.
    const bulk = ok(await post(admin, `mutation { updateDeals(filter: {stage: {eq: ${ab2}}}, data: {tags: [hot]}) { count } }`));
    expect(bulk.updateDeals.count).toBe(1);
    expect((await sql(`select tags from ${await dealTable()} where id = $1`, [ids.ab2]))[0].tags).toEqual(['hot']);
  });

  it('still takes a stored value as a string (documents and variables written before), and refuses anything that is no option', async () => {
    expect((await data(admin, '{ deals(filter: {stage: {eq: "a-b"}, title: {startsWith: "filter "}}) { nodes { title } } }')).deals.nodes).toEqual([{ title: 'filter ab' }]);
    expect((await data(admin, 'query($f: DealFilter) { deals(filter: $f) { nodes { title } } }', { f: { stage: { in: ['1st call'] } } })).deals.nodes).toEqual([{ title: 'filter first' }]);
    const table = await dealTable();
    const before = (await sql(`select count(*)::int as n from ${table}`))[0].n;
    refused(await both(admin, '{ deals(filter: {stage: {eq: closed_won}}) { totalCount } }'), 'BAD_USER_INPUT', /closed_won is not an option of deal\.stage/);
    refused(await both(admin, 'query($f: DealFilter) { deals(filter: $f) { totalCount } }', { f: { stage: { eq: 'Closed won' } } }), 'BAD_USER_INPUT', /not an option of deal\.stage/);
    refused(await both(admin, 'query($f: DealFilter) { deals(filter: $f) { totalCount } }', { f: { tags: { containsAny: [1] } } }), 'BAD_USER_INPUT');
    refused(await post(admin, 'mutation { createDeal(data: {title: "x", region: north, stage: Nope}) { id } }'), 'BAD_USER_INPUT');
    refused(await post(admin, 'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: { title: 'x', region: 'north', tags: ['hot', 'constructor'] } }), 'BAD_USER_INPUT');
    refused(await post(admin, 'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: { title: 'x', region: 'north', stage: null, tags: [null] } }), 'BAD_USER_INPUT');
    expect((await sql(`select count(*)::int as n from ${table}`))[0].n).toBe(before);
  });

  it('follows a renamed option value: the old name is refused, the new one stored and answered, cached documents included', async () => {
    const md = metadataClient(server, admin.key);
    const document = '{ deals(filter: {title: {eq: "renamed"}}) { nodes { stage } } }';
    const created = ok(await post(admin, 'mutation { createDeal(data: {title: "renamed", region: north, stage: Cafe}) { id } }')).createDeal.id;
    expect((await data(admin, document)).deals.nodes).toEqual([{ stage: 'Cafe' }]);
    // Renamed where records hold it: the data moves first, then the option (the platform refuses a value records still hold).
    await sql(`update ${await dealTable()} set stage = 'Café au lait' where stage = 'Café'`);
    const renamed = STAGES.map((v) => (v === 'Café' ? 'Café au lait' : v)).concat('Cafe');
    ok(await md('mutation($o: [SelectOptionInput!]) { updateField(object: "deal", name: "stage", input: {options: $o}) { name } }', { o: renamed.map((value) => ({ value })) }));
    expect((await data(admin, document)).deals.nodes).toEqual([{ stage: 'Cafe_au_lait' }]);
    const values = (await data(admin, '{ __type(name: "DealStageOption") { enumValues { name } } }')).__type.enumValues.map((v: { name: string }) => v.name);
    expect(values).toContain('Cafe_au_lait');
    // The new option `Cafe` is a name: it keeps it; nothing else maps to it.
    expect(values).toContain('Cafe');
    expect(new Set(values).size).toBe(values.length);
    expect((await data(admin, '{ deals(filter: {stage: {eq: Cafe_au_lait}}) { nodes { id } } }')).deals.nodes).toEqual([{ id: created }]);
    expect((await data(admin, '{ deals(filter: {stage: {eq: Cafe}}) { totalCount } }')).deals.totalCount).toBe(0);
    const stored = ok(await post(admin, 'mutation { createDeal(data: {title: "renamed 2", region: north, stage: Cafe}) { stage } }')).createDeal;
    expect(stored.stage).toBe('Cafe');
    expect((await sql(`select count(*)::int as n from ${await dealTable()} where stage = 'Cafe'`))[0].n).toBe(1);
  });

  it('keeps names unique when a new option collides with a mapped one after mapping: both carry their hash, records answer the new name', async () => {
    const md = metadataClient(server, admin.key);
    const first = '{ deals(filter: {title: {eq: "filter first"}}) { nodes { stage } } }';
    expect((await data(admin, first)).deals.nodes).toEqual([{ stage: '_1st_call' }]);
    const current = ok(await md('{ object(name: "deal") { fields { name options { value } } } }')).object.fields.find((f: any) => f.name === 'stage').options.map((o: { value: string }) => o.value);
    ok(await md('mutation($o: [SelectOptionInput!]) { updateField(object: "deal", name: "stage", input: {options: $o}) { name } }', { o: [...current, '1st_call'].map((value) => ({ value })) }));
    const options = ok(await md('{ object(name: "deal") { fields { name options { value enumValue } } } }')).object.fields.find((f: any) => f.name === 'stage').options as { value: string; enumValue: string }[];
    const nameOf = new Map(options.map((o) => [o.value, o.enumValue]));
    expect(nameOf.get('1st call')).toMatch(/^_1st_call_[0-9A-F]{8}$/);
    expect(nameOf.get('1st_call')).toMatch(/^_1st_call_[0-9A-F]{8}$/);
    expect(nameOf.get('1st call')).not.toBe(nameOf.get('1st_call'));
    // The other mapped names did not move.
    for (const value of ['Closed Won', 'a-b', 'a b', '已成交']) expect(nameOf.get(value)).toBe(stageName.get(value));
    const values = (await data(admin, '{ __type(name: "DealStageOption") { enumValues { name } } }')).__type.enumValues.map((v: { name: string }) => v.name);
    expect(values).toEqual(options.map((o) => o.enumValue));
    expect((await data(admin, first)).deals.nodes).toEqual([{ stage: nameOf.get('1st call') }]);
    refused(await both(admin, '{ deals(filter: {stage: {eq: _1st_call}}) { totalCount } }'), 'BAD_USER_INPUT');
    expect((await data(admin, `{ deals(filter: {stage: {eq: ${nameOf.get('1st call')}}}) { nodes { title } } }`)).deals.nodes).toEqual([{ title: 'filter first' }]);
  });
});

describe('required fields in create inputs', () => {
  it('are non-null in create inputs unless a default fills them, and nullable in update inputs', async () => {
    const types = await data(admin, '{ c: __type(name: "DealCreateInput") { inputFields { name type { kind } } } u: __type(name: "DealUpdateInput") { inputFields { name type { kind } } } }');
    const nonNull = (t: any) => t.inputFields.filter((f: any) => f.type.kind === 'NON_NULL').map((f: any) => f.name).sort();
    expect(nonNull(types.c)).toEqual(['region', 'title']);
    expect(nonNull(types.u)).toEqual([]);
  });

  it('refuse a create that leaves one out before anything runs, and an update may leave them out', async () => {
    const table = await dealTable();
    const before = (await sql(`select count(*)::int as n from ${table}`))[0].n;
    refused(await post(admin, 'mutation { createDeal(data: {title: "no region"}) { id } }'), 'BAD_USER_INPUT', /region/);
    refused(await post(admin, 'mutation($d: DealCreateInput!) { createDeal(data: $d) { id } }', { d: { region: 'north' } }), 'BAD_USER_INPUT', /title/);
    refused(await post(admin, 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: [{ title: 'a', region: 'north' }, { title: 'b', region: null }] }), 'BAD_USER_INPUT', /region/);
    expect((await sql(`select count(*)::int as n from ${table}`))[0].n).toBe(before);
    const id = ok(await post(admin, 'mutation { createDeal(data: {title: "has all", region: north}) { id priority } }')).createDeal.id;
    expect(ok(await post(admin, 'mutation($id: ID!) { updateDeal(id: $id, data: {secret: "s"}) { title region } }', { id })).updateDeal).toEqual({ title: 'has all', region: 'north' });
  });
});

describe('Node and node(id)', () => {
  let deal: string;
  let hidden: string;
  let note: string;
  let foreign: string;

  beforeAll(async () => {
    deal = ok(await post(admin, 'mutation { createDeal(data: {title: "visible", region: north, stage: Prospecting, secret: "s1"}) { id } }')).createDeal.id;
    hidden = ok(await post(admin, 'mutation { createDeal(data: {title: "hidden", region: north, secret: "s2"}) { id } }')).createDeal.id;
    note = ok(await post(admin, 'mutation($d: ID!) { createNote(data: {body: "a note", deal: $d}) { id } }', { d: deal })).createNote.id;
    foreign = ok(await post(other, 'mutation { createDeal(data: {title: "theirs", region: north}) { id } }')).createDeal.id;
    ok(await metadataClient(server, admin.key)(`mutation { shareRecord(object: "deal", id: "${deal}", with: {user: "${rep.id}"}, access: READ) }`));
  });

  it('makes every record type implement Node', async () => {
    const d = await data(admin, '{ __type(name: "Node") { kind fields { name type { kind ofType { name } } } possibleTypes { name } } __schema { queryType { fields { name } } } }');
    expect(d.__type.kind).toBe('INTERFACE');
    expect(d.__type.fields).toEqual([{ name: 'id', type: { kind: 'NON_NULL', ofType: { name: 'ID' } } }]);
    expect(d.__type.possibleTypes.map((t: { name: string }) => t.name).sort()).toEqual(['Deal', 'Note']);
    expect(d.__schema.queryType.fields.map((f: { name: string }) => f.name)).toContain('node');
  });

  it('resolves a record of any object by its plain id, as a get by id of its object answers it', async () => {
    const query = 'query($id: ID!) { node(id: $id) { __typename id ... on Deal { title stage secret } ... on Note { body deal { title } } } }';
    expect((await data(admin, query, { id: deal })).node).toEqual({ __typename: 'Deal', id: deal, title: 'visible', stage: 'Prospecting', secret: 's1' });
    expect((await data(admin, query, { id: note })).node).toEqual({ __typename: 'Note', id: note, body: 'a note', deal: { title: 'visible' } });
    // A fragment on Node and a literal id; aliases; the same for a fragment spread.
    const lit = await data(admin, `{ a: node(id: "${deal}") { ...N } b: node(id: "${note}") { ...N ... on Note { body } } } fragment N on Node { __typename id }`);
    expect(lit).toEqual({ a: { __typename: 'Deal', id: deal }, b: { __typename: 'Note', id: note, body: 'a note' } });
    // For every caller and record, node answers what the object's own get answers.
    for (const caller of [admin, rep]) {
      const byGet = (await data(caller, 'query($id: ID!) { deal(id: $id) { id title stage secret } }', { id: deal })).deal;
      const byNode = (await data(caller, 'query($id: ID!) { node(id: $id) { ... on Deal { id title stage secret } } }', { id: deal })).node;
      expect(byNode).toEqual(byGet);
    }
    // The rep may not read the secret field: null, as in a get.
    expect((await data(rep, query, { id: deal })).node).toMatchObject({ __typename: 'Deal', secret: null });
  });

  it('reads one SQL statement, whatever the number of objects', async () => {
    const res = await post(admin, 'query($id: ID!) { node(id: $id) { id } }', { id: note }, true);
    expect(res.errors).toBeUndefined();
    const reads = res.extensions.trace.steps.filter((s: { step: string }) => s.step === 'read');
    expect(reads).toHaveLength(1);
    expect(reads[0].queries).toBe(1);
  });

  it('answers null, never an error or a hint, for records hidden by sharing, of an object the caller may not read, deleted, of another tenant, or that do not exist', async () => {
    const query = 'query($id: ID!) { node(id: $id) { __typename id ... on Deal { title } } }';
    expect((await data(rep, query, { id: hidden })).node).toBeNull();
    expect((await data(admin, query, { id: hidden })).node).toMatchObject({ title: 'hidden' });
    // Notes: the rep has no read right on the object; its own get is FORBIDDEN, node says nothing.
    expect((await data(rep, query, { id: note })).node).toBeNull();
    refused(await post(rep, `{ note(id: "${note}") { id } }`), 'FORBIDDEN');
    expect((await data(admin, query, { id: foreign })).node).toBeNull();
    expect((await data(other, query, { id: foreign })).node).toMatchObject({ title: 'theirs' });
    expect((await data(admin, query, { id: '01900000-0000-7000-8000-000000000000' })).node).toBeNull();
    // Deleted: null until restored.
    const gone = ok(await post(admin, 'mutation { createDeal(data: {title: "gone", region: north}) { id } }')).createDeal.id;
    ok(await post(admin, 'mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id: gone }));
    expect((await data(admin, query, { id: gone })).node).toBeNull();
    ok(await post(admin, 'mutation($id: ID!) { restoreDeal(id: $id) { id } }', { id: gone }));
    expect((await data(admin, query, { id: gone })).node).toMatchObject({ title: 'gone' });
    // Shared, the hidden deal appears; its share removed, it is gone again.
    ok(await metadataClient(server, admin.key)(`mutation { shareRecord(object: "deal", id: "${hidden}", with: {user: "${rep.id}"}, access: READ) }`));
    expect((await data(rep, query, { id: hidden })).node).toMatchObject({ title: 'hidden' });
    await sql(`delete from "${schema}"."_share" where "recordId" = $1`, [hidden]);
    expect((await data(rep, query, { id: hidden })).node).toBeNull();
  });

  it('refuses malformed ids with BAD_USER_INPUT on both paths, as a get by id does', async () => {
    const global = Buffer.from(`Deal:${deal}`).toString('base64');
    for (const id of ['', 'x', `${deal}x`, deal.replace(/-/g, ''), global, "'; drop table deal; --", 'a'.repeat(10_000), '00000000-0000-0000-0000-00000000000g']) {
      refused(await both(admin, 'query($id: ID!) { node(id: $id) { id } }', { id }), 'BAD_USER_INPUT', /not a record id/);
    }
    refused(await both(admin, '{ node(id: "nope") { id } }'), 'BAD_USER_INPUT', /not a record id/);
    refused(await post(admin, 'query($id: ID!) { node(id: $id) { id } }', { id: 42 }), 'BAD_USER_INPUT');
    refused(await post(admin, 'query($id: ID!) { node(id: $id) { id } }', { id: null }), 'BAD_USER_INPUT');
    expect((await data(admin, 'query($id: ID!) { node(id: $id) { id } }', { id: deal.toUpperCase() })).node).toEqual({ id: deal });
  });
});
