import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * `search(text, first)` on /graphql: trigram matching over each object's title field and the fields
 * flagged `searchable`, for English and Chinese names and phone fragments, under the caller's
 * object, field and row-level rights (the planner and applyAccess, as for every read).
 */
let server: RunningServer;
let admin: Client;
let rep: Client;
let other: Client;

type Client = (query: string, variables?: Record<string, unknown>) => Promise<any>;

const SEARCH = `query($t: String!, $n: Int) { search(text: $t, first: $n) { object id title } }`;
const ok = (res: any) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const hits = async (client: Client, text: string, first?: number) => ok(await client(SEARCH, { t: text, n: first })).search as { object: string; id: string; title: string }[];
const titles = async (client: Client, text: string) => (await hits(client, text)).map((h) => h.title);

async function tenant(): Promise<{ api: Client; md: Client; key: string }> {
  const created = await newTenant(server, 'search');
  return { api: (q, v) => gql(server, '/graphql', created.apiKey, q, v), md: metadataClient(server, created.apiKey), key: created.apiKey };
}

const ids: Record<string, string> = {};
async function create(api: Client, object: string, data: Record<string, unknown>): Promise<string> {
  const type = object[0].toUpperCase() + object.slice(1);
  return ok(await api(`mutation($d: ${type}CreateInput!) { create${type}(data: $d) { id } }`, { d: data }))[`create${type}`].id;
}

beforeAll(async () => {
  server = await startTestServer();
  const t = await tenant();
  admin = t.api;
  ok(await t.md(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, { d: { objects: [
    { name: 'account', fields: [
      { name: 'name', type: 'text' }, { name: 'phone', type: 'phone', searchable: true }, { name: 'notes', type: 'text' },
      { name: 'code', type: 'text', searchable: true },
    ] },
    { name: 'lead', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text' }, { name: 'mobile', type: 'phone', searchable: true }, { name: 'email', type: 'email', searchable: true }] },
    { name: 'memo', fields: [{ name: 'subject', type: 'text' }] },
    { name: 'vendor', fields: [{ name: 'name', type: 'text' }, { name: 'hotline', type: 'phone', searchable: true }] },
  ] } }));
  ids.east = await create(admin, 'account', { name: '华东精密机械有限公司', phone: '021-5555-1234', code: 'HD-001' });
  ids.south = await create(admin, 'account', { name: '华南精密机械股份有限公司', phone: '020-8888-0000', code: 'HN-002' });
  ids.acme = await create(admin, 'account', { name: 'Acme Industrial', phone: '+1 415 555 0100', notes: 'acme is a notes-only word', code: 'SECRET-CODE-7' });
  ids.acmeExact = await create(admin, 'account', { name: 'Acme', phone: '400-000-0000' });
  ids.bigAcme = await create(admin, 'account', { name: 'Big Acme Holdings' });
  ids.percent = await create(admin, 'account', { name: '50% off shop' });
  ids.mixed = await create(admin, 'account', { name: 'Bolt精密仪器 𠀀号' });
  ids.fiveHundred = await create(admin, 'account', { name: '500 off shop' });
  ids.wang = await create(admin, 'lead', { name: '王伟', mobile: '13812345678', email: 'wang.wei@example.cn' });
  ids.li = await create(admin, 'lead', { name: '李娜', mobile: '13900005678' });
  ids.memo = await create(admin, 'memo', { subject: 'Acme follow-up' });
  ids.vendor = await create(admin, 'vendor', { name: 'Hidden Name Supplies', hotline: '400-820-8820' });
  ids.gone = await create(admin, 'account', { name: 'Acme Gone Ltd' });
  ok(await admin(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: ids.gone }));

  // A rep: reads accounts (not their code), leads they own (PRIVATE), no memos.
  ok(await t.md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: {
    name: 'rep',
    objectPermissions: [{ object: 'account', read: true }, { object: 'lead', read: true, create: true }, { object: 'vendor', read: true }],
    fieldPermissions: [{ object: 'account', field: 'code', read: false, update: false }, { object: 'vendor', field: 'name', read: false, update: false }],
  } }));
  const user = ok(await t.md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `rep-${Date.now()}@search.test`, name: 'Rep', role: 'rep' } })).createUser.id;
  const key = ok(await t.md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).createApiKey.key;
  rep = (q, v) => gql(server, '/graphql', key, q, v);
  ids.repLead = await create(rep, 'lead', { name: '王伟明', mobile: '13700005678' });

  // Another tenant with the same names.
  const t2 = await tenant();
  other = t2.api;
  ok(await t2.md(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, { d: { objects: [{ name: 'account', fields: [{ name: 'name', type: 'text' }] }] } }));
  ids.theirs = await create(other, 'account', { name: '华东精密机械有限公司 (theirs)' });
});
afterAll(async () => { await server?.close(); });

describe('search: what matches', () => {
  it('finds an English name, case-insensitively, exact match first, then prefix, then similarity', async () => {
    const found = await hits(admin, 'ACME');
    expect(found.filter((h) => h.object === 'account').map((h) => h.title)).toEqual(['Acme', 'Acme Industrial', 'Big Acme Holdings']);
    expect(found.find((h) => h.title === 'Acme')!.id).toBe(ids.acmeExact);
  });

  it('finds a Chinese name by a 3-character fragment, and a 2-character Chinese name', async () => {
    expect((await titles(admin, '精密机')).sort()).toEqual(['华南精密机械股份有限公司', '华东精密机械有限公司'].sort());
    expect(await titles(admin, '华东精密')).toEqual(['华东精密机械有限公司']);
    expect(await titles(admin, '王伟')).toEqual(['王伟', '王伟明']);
    expect(await titles(admin, '机械股份')).toEqual(['华南精密机械股份有限公司']);
  });

  it('finds phone fragments and e-mail addresses in fields flagged searchable, titled by the record\'s name', async () => {
    const phones = await hits(admin, '5678');
    expect(phones.map((h) => h.object)).toEqual(['lead', 'lead', 'lead']);
    expect(phones.map((h) => `${h.id} ${h.title}`).sort()).toEqual([`${ids.wang} 王伟`, `${ids.li} 李娜`, `${ids.repLead} 王伟明`].sort());
    expect(await titles(admin, '5555-12')).toEqual(['华东精密机械有限公司']);
    expect(await titles(admin, 'wang.wei@')).toEqual(['王伟']);
  });

  it('does not match fields that are neither the title nor flagged searchable', async () => {
    expect(await titles(admin, 'notes-only')).toEqual([]);
  });

  it('finds text mixing ASCII, Chinese and characters beyond the BMP, and nothing across a character boundary', async () => {
    expect(await titles(admin, 'lt精密')).toEqual(['Bolt精密仪器 𠀀号']);
    expect(await titles(admin, '仪器 𠀀')).toEqual(['Bolt精密仪器 𠀀号']);
    expect(await titles(admin, '𠀀号')).toEqual(['Bolt精密仪器 𠀀号']);
    // 精密仪 is in the hex of neither …机械… nor …仪器…: the candidates the hex lets through are re-checked.
    expect(await titles(admin, '密机仪')).toEqual([]);
  });

  it('treats LIKE\'s wildcards as text', async () => {
    expect(await titles(admin, '50%')).toEqual(['50% off shop']);
    expect(await titles(admin, '0_o')).toEqual([]);
  });

  it('groups hits by object (the object of the best hit first) and answers at most `first`', async () => {
    const found = await hits(admin, 'acme');
    expect(found.map((h) => h.object)).toEqual(['account', 'account', 'account', 'memo']);
    const two = await hits(admin, 'acme', 2);
    expect(two).toHaveLength(2);
    expect(two[0]).toEqual({ object: 'account', id: ids.acmeExact, title: 'Acme' });
    expect(['Acme Industrial', 'Acme follow-up']).toContain(two[1].title);
  });
});

describe('search: what the caller may see', () => {
  it('never returns a record the caller may not read (row-level access), nor an object they may not read', async () => {
    expect(await titles(rep, '王伟')).toEqual(['王伟明']);
    expect((await hits(rep, '5678')).map((h) => h.id)).toEqual([ids.repLead]);
    expect(await titles(rep, 'acme')).toEqual(['Acme', 'Acme Industrial', 'Big Acme Holdings']);
  });

  it('never returns another tenant\'s records', async () => {
    expect((await hits(admin, '精密机')).map((h) => h.id)).not.toContain(ids.theirs);
    expect((await hits(other, '精密机')).map((h) => h.id)).toEqual([ids.theirs]);
  });

  it('does not match a field the caller may not read (no oracle through search)', async () => {
    expect(await titles(admin, 'SECRET-CODE')).toEqual(['Acme Industrial']);
    expect(await titles(rep, 'SECRET-CODE')).toEqual([]);
    expect(await titles(rep, 'HD-001')).toEqual([]);
    expect(await titles(admin, 'Hidden Name')).toEqual(['Hidden Name Supplies']);
    expect(await titles(rep, 'Hidden Name')).toEqual([]);
  });

  it('titles a hit whose title field the caller may not read by a searched field they may read', async () => {
    expect(await hits(admin, '820-88')).toEqual([{ object: 'vendor', id: ids.vendor, title: 'Hidden Name Supplies' }]);
    expect(await hits(rep, '820-88')).toEqual([{ object: 'vendor', id: ids.vendor, title: '400-820-8820' }]);
  });

  it('never returns a deleted record', async () => {
    expect(await titles(admin, 'Acme Gone')).toEqual([]);
  });
});

describe('search: errors and paths', () => {
  const error = (res: any) => ({ code: res.errors?.[0]?.extensions?.code, pointers: res.errors?.[0]?.extensions?.errors?.map((e: any) => e.pointer) });

  it('refuses an empty or too short text, and a first out of range, with typed errors', async () => {
    expect(error(await admin(SEARCH, { t: '  ' }))).toEqual({ code: 'BAD_USER_INPUT', pointers: ['/text'] });
    expect(error(await admin(SEARCH, { t: 'ab' }))).toEqual({ code: 'BAD_USER_INPUT', pointers: ['/text'] });
    expect(error(await admin(SEARCH, { t: '王' }))).toEqual({ code: 'BAD_USER_INPUT', pointers: ['/text'] });
    expect(error(await admin(SEARCH, { t: 'x'.repeat(201) }))).toEqual({ code: 'BAD_USER_INPUT', pointers: ['/text'] });
    expect(error(await admin(SEARCH, { t: 'acme', n: 0 }))).toEqual({ code: 'BAD_USER_INPUT', pointers: ['/first'] });
    expect(error(await admin(SEARCH, { t: 'acme', n: 101 }))).toEqual({ code: 'BAD_USER_INPUT', pointers: ['/first'] });
  });

  it('is costed before it runs: first hits from each searched object count against maxCost', async () => {
    const created = await newTenant(server, 'searchcost');
    // Before the key is first used: a principal keeps its tenant's settings.
    await server.platform.pool.query(`update tessera.tenants set settings = settings || '{"limits": {"maxCost": 100}}'::jsonb where id = $1`, [created.tenant.id]);
    const md = metadataClient(server, created.apiKey);
    ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, { d: { objects: [{ name: 'a', fields: [{ name: 'name', type: 'text' }] }, { name: 'b', fields: [{ name: 'name', type: 'text' }] }] } }));
    const api: Client = (q, v) => gql(server, '/graphql', created.apiKey, q, v);
    expect(ok(await api(SEARCH, { t: 'abc', n: 40 })).search).toEqual([]);
    const refused = await api(SEARCH, { t: 'abc', n: 60 });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxCost', value: 121, max: 100 });
  });

  it('answers beside compiled root fields in one document (graphql-yoga executes it), and alone', async () => {
    const res = ok(await admin(`query { accounts(first: 1, filter: {name: {eq: "Acme"}}) { nodes { name } } found: search(text: "acme", first: 1) { title t: object } }`));
    expect(res).toEqual({ accounts: { nodes: [{ name: 'Acme' }] }, found: [{ title: 'Acme', t: 'account' }] });
  });
});
