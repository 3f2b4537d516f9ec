import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/index.ts';
import { DEFAULT_LIMITS } from '../src/model/limits.ts';
import { createRecords, inTransaction, updateMatching } from '../src/operations/index.ts';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The manyToMany field type (issue 13, item 9): a junction generated from metadata, read as a
 * connection both ways (contact.tags, tag.contacts) with filters, order, pages and counts on both
 * GraphQL paths; written by every write path (set, add, remove; single, bulk, upsert, the verbs
 * scripts use); row-level access and field rights at both ends; soft delete hides links, restore
 * brings them back; a field deleted and restored keeps them; a self relation.
 */
let server: RunningServer;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
let asRep: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
let md: ReturnType<typeof metadataClient>;
let schema: string;
let tenantId: string;
let adminId: string;
const tag = new Map<string, string>();
const contact = new Map<string, string>();

const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const apply = (d: unknown) => md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d });

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'mm');
  schema = tenant.tenant.schema;
  tenantId = tenant.tenant.id;
  adminId = tenant.admin.id;
  md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await apply({ objects: [
    { name: 'tag', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text', required: true }] },
    { name: 'contact', sharing: 'PUBLIC_READ_WRITE', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'tags', type: 'manyToMany', target: 'tag' },
      { name: 'related', type: 'manyToMany', target: 'contact', relationName: 'relatedFrom' },
    ] },
  ] }));
  for (const name of ['vip', 'hot', 'cold', 'secret']) tag.set(name, ok(await api('mutation($n: String!) { createTag(data: {name: $n}) { id } }', { n: name })).createTag.id);
  // A rep reads every contact but only the tags they own (PRIVATE): they own vip and hot.
  ok(await md('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'rep', objectPermissions: [
    { object: 'tag', read: true, create: true, update: true }, { object: 'contact', read: true, create: true, update: true },
  ] } }));
  const rep = ok(await md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: 'rep@mm.test', name: 'rep', password: 'password of rep', role: 'rep' } })).createUser.id;
  const key = ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: rep })).createApiKey.key;
  asRep = (query, variables) => gql(server, '/graphql', key, query, variables);
  for (const name of ['vip', 'hot']) ok(await api(`mutation { updateTag(id: "${tag.get(name)}", data: {owner: "${rep}"}) { id } }`));
  const made = ok(await api('mutation($d: [ContactCreateInput!]!) { createContacts(data: $d) { id name } }', { d: [
    { name: 'ann', tags: [tag.get('vip'), tag.get('hot'), tag.get('vip')] },
    { name: 'bob', tags: [tag.get('hot'), tag.get('secret')] },
    { name: 'cid', tags: [] },
    { name: 'dan' },
  ] })).createContacts;
  for (const c of made) contact.set(c.name, c.id);
}, 120_000);
afterAll(async () => { await server?.close(); });

const namesOf = (conn: { nodes: { name: string }[] }) => conn.nodes.map((n) => n.name);
const tagsOf = async (name: string, call = api) => namesOf(ok(await call(`{ contact(id: "${contact.get(name)}") { tags(orderBy: [{name: ASC}]) { nodes { name } } } }`)).contact.tags);

/** Contacts matching a filter, through the compiled path (a literal) and graphql-js (a variable): they must agree. */
const contactsWhere = async (filter: Record<string, unknown>, call = api) => {
  const literal = JSON.stringify(filter).replace(/"([a-zA-Z]+)":/g, '$1:');
  const a = namesOf(ok(await call(`{ contacts(filter: ${literal}, orderBy: [{name: ASC}]) { nodes { name } } }`)).contacts);
  const b = namesOf(ok(await call('query($f: ContactFilter) { contacts(filter: $f, orderBy: [{name: ASC}]) { nodes { name } } }', { f: filter })).contacts);
  expect(b).toEqual(a);
  return a;
};

describe('the junction', () => {
  it('is a table of the tenant named from the field id, keyed (source, target), with a reverse index and cascading foreign keys', async () => {
    const { rows } = await server.platform.pool.query(
      `select c.relname, (select array_agg(pg_get_constraintdef(k.oid) order by k.contype, pg_get_constraintdef(k.oid)) from pg_constraint k where k.conrelid = c.oid) as cons,
              (select array_agg(pg_get_indexdef(i.indexrelid) order by i.indexrelid) from pg_index i where i.indrelid = c.oid) as idx
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname like 'mm\\_%' and c.relkind = 'r' order by c.relname`, [schema]);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.cons.filter((c: string) => c.startsWith('FOREIGN KEY')).every((c: string) => c.includes('ON DELETE CASCADE'))).toBe(true);
      expect(row.cons).toContain('PRIMARY KEY ("sourceId", "targetId")');
      expect(row.idx.some((i: string) => i.includes('("targetId", "sourceId")'))).toBe(true);
    }
    // No column on the contact's table.
    const cols = (await server.platform.pool.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = 'contact'`, [schema])).rows.map((r) => r.column_name);
    expect(cols).not.toContain('tags');
  });
});

describe('reading both ways', () => {
  it('lists the targets on the source and the sources on the target, duplicates given once', async () => {
    expect(await tagsOf('ann')).toEqual(['hot', 'vip']);
    expect(await tagsOf('cid')).toEqual([]);
    const hot = ok(await api(`{ tag(id: "${tag.get('hot')}") { contacts(orderBy: [{name: ASC}]) { totalCount nodes { name } } } }`)).tag;
    expect(hot.contacts).toEqual({ totalCount: 2, nodes: [{ name: 'ann' }, { name: 'bob' }] });
  });

  it('pages, orders, filters and counts the connection', async () => {
    const first = ok(await api(`{ contact(id: "${contact.get('ann')}") { tags(first: 1, orderBy: [{name: DESC}]) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } } }`)).contact.tags;
    expect(first.totalCount).toBe(2);
    expect(first.nodes).toEqual([{ name: 'vip' }]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = ok(await api(`{ contact(id: "${contact.get('ann')}") { tags(first: 1, after: "${first.pageInfo.endCursor}", orderBy: [{name: DESC}]) { nodes { name } pageInfo { hasNextPage } } } }`)).contact.tags;
    expect(next).toEqual({ nodes: [{ name: 'hot' }], pageInfo: { hasNextPage: false } });
    const filtered = ok(await api(`{ contact(id: "${contact.get('bob')}") { tags(filter: {name: {eq: "secret"}}) { totalCount nodes { name } } } }`)).contact.tags;
    expect(filtered).toEqual({ totalCount: 1, nodes: [{ name: 'secret' }] });
  });

  it('filters sources by their targets (some, none, every) and targets by their sources, on both GraphQL paths', async () => {
    expect(await contactsWhere({ tagsSome: { name: { eq: 'vip' } } })).toEqual(['ann']);
    expect(await contactsWhere({ tagsSome: { id: { in: [tag.get('secret'), tag.get('vip')] } } })).toEqual(['ann', 'bob']);
    expect(await contactsWhere({ tagsNone: {} })).toEqual(['cid', 'dan']);
    expect(await contactsWhere({ tagsEvery: { name: { in: ['hot', 'vip'] } } })).toEqual(['ann', 'cid', 'dan']);
    expect(await contactsWhere({ and: [{ tagsSome: { name: { eq: 'hot' } } }, { tagsSome: { name: { eq: 'vip' } } }] })).toEqual(['ann']);
    const tags = namesOf(ok(await api('{ tags(filter: {contactsSome: {name: {eq: "bob"}}}, orderBy: [{name: ASC}]) { nodes { name } } }')).tags);
    expect(tags).toEqual(['hot', 'secret']);
  });
});

describe('rights at both ends', () => {
  it('a target the caller cannot see is neither listed, nor counted, nor matched', async () => {
    const bob = ok(await asRep(`{ contact(id: "${contact.get('bob')}") { tags { totalCount nodes { name } } } }`)).contact;
    expect(bob.tags).toEqual({ totalCount: 1, nodes: [{ name: 'hot' }] });
    expect(await contactsWhere({ tagsSome: { name: { eq: 'secret' } } }, asRep)).toEqual([]);
    expect(await contactsWhere({ tagsNone: {} }, asRep)).toEqual(['cid', 'dan']);
  });

  it('a target the caller cannot see cannot be linked (REFERENCE_NOT_FOUND with its pointer, as a missing one)', async () => {
    const res = await asRep(`mutation { updateContact(id: "${contact.get('cid')}", data: {tags: {add: ["${tag.get('vip')}", "${tag.get('secret')}"]}}) { id } }`);
    expect(res.errors?.[0].extensions?.code).toBe('REFERENCE_NOT_FOUND');
    expect(res.errors?.[0].extensions?.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/data/tags/add/1']);
    const missing = await asRep('mutation($d: ContactCreateInput!) { createContact(data: $d) { id } }', { d: { name: 'eve', tags: ['01900000-0000-7000-8000-00000000dead'] } });
    expect(missing.errors?.[0].extensions?.errors[0]).toMatchObject({ pointer: '/data/tags/0', message: res.errors?.[0].extensions?.errors[0].message.replace(tag.get('secret')!, '01900000-0000-7000-8000-00000000dead') });
    expect(await tagsOf('cid')).toEqual([]);
  });

  it('setting the whole set leaves links to records the caller cannot see alone', async () => {
    ok(await asRep(`mutation { updateContact(id: "${contact.get('bob')}", data: {tags: {set: ["${tag.get('vip')}"]}}) { id } }`));
    expect(await tagsOf('bob')).toEqual(['secret', 'vip']);
    ok(await api(`mutation { updateContact(id: "${contact.get('bob')}", data: {tags: {set: ["${tag.get('hot')}", "${tag.get('secret')}"]}}) { id } }`));
    expect(await tagsOf('bob')).toEqual(['hot', 'secret']);
  });

  it('a caller without the field\'s read right sees empty lists at both ends and may not filter by it', async () => {
    ok(await md('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'blind', objectPermissions: [{ object: 'tag', read: true }, { object: 'contact', read: true }], fieldPermissions: [{ object: 'contact', field: 'tags', read: false, update: false }] } }));
    const user = ok(await md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: 'blind@mm.test', name: 'blind', password: 'password of blind', role: 'blind' } })).createUser.id;
    const key = ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).createApiKey.key;
    const blind = (query: string) => gql(server, '/graphql', key, query);
    // blind owns cold (so sees it), linked to ann: only the field right hides the link.
    ok(await api(`mutation { updateTag(id: "${tag.get('cold')}", data: {owner: "${user}"}) { id } }`));
    ok(await api(`mutation { updateContact(id: "${contact.get('ann')}", data: {tags: {add: ["${tag.get('cold')}"]}}) { id } }`));
    const ann = ok(await blind(`{ contact(id: "${contact.get('ann')}") { tags { totalCount } } }`)).contact;
    expect(ann.tags.totalCount).toBe(0);
    const cold = ok(await blind(`{ tag(id: "${tag.get('cold')}") { name contacts { totalCount } } }`)).tag;
    expect(cold).toEqual({ name: 'cold', contacts: { totalCount: 0 } });
    expect(ok(await api(`{ tag(id: "${tag.get('cold')}") { contacts { totalCount } } }`)).tag.contacts.totalCount).toBe(1);
    ok(await api(`mutation { updateContact(id: "${contact.get('ann')}", data: {tags: {remove: ["${tag.get('cold')}"]}}) { id } }`));
    const res = await blind('{ contacts(filter: {tagsSome: {name: {eq: "vip"}}}) { nodes { name } } }');
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('writes on every path', () => {
  it('adds and removes links; audit history records the change (the batch\'s changes, which change events carry too)', async () => {
    ok(await api(`mutation { updateContact(id: "${contact.get('dan')}", data: {tags: {add: ["${tag.get('cold')}", "${tag.get('hot')}"]}}) { id } }`));
    ok(await api(`mutation { updateContact(id: "${contact.get('dan')}", data: {tags: {remove: ["${tag.get('hot')}"], add: ["${tag.get('cold')}"]}}) { id } }`));
    expect(await tagsOf('dan')).toEqual(['cold']);
    const history = ok(await api(`{ recordHistory(object: "contact", id: "${contact.get('dan')}") { action changes { field before after } } }`)).recordHistory;
    const changes = history.filter((h: { action: string }) => h.action === 'update').map((h: { changes: unknown[] }) => h.changes);
    expect(changes).toContainEqual([{ field: 'tags', before: null, after: [tag.get('cold'), tag.get('hot')].sort() }]);
    expect(changes).toContainEqual([{ field: 'tags', before: [tag.get('cold'), tag.get('hot')].sort(), after: [tag.get('cold')] }]);
    const created = history.find((h: { action: string }) => h.action === 'create');
    expect(created.changes.map((c: { field: string }) => c.field)).not.toContain('tags');
    const ann = ok(await api(`{ recordHistory(object: "contact", id: "${contact.get('ann')}") { action changes { field after } } }`)).recordHistory;
    expect(ann.find((h: { action: string }) => h.action === 'create').changes).toContainEqual({ field: 'tags', after: [tag.get('hot'), tag.get('vip')].sort() });
  });

  it('bulk update and upsert link through the same pipeline', async () => {
    const bulk = ok(await api(`mutation { updateContacts(filter: {name: {in: ["cid", "dan"]}}, data: {tags: {add: ["${tag.get('vip')}"]}}) { count } }`)).updateContacts;
    expect(bulk.count).toBe(2);
    expect(await tagsOf('cid')).toEqual(['vip']);
    expect(await tagsOf('dan')).toEqual(['cold', 'vip']);
    const up = ok(await api(`mutation { upsertContact(match: {id: "${contact.get('cid')}"}, data: {name: "cid", tags: ["${tag.get('cold')}"]}) { id } }`));
    expect(up.upsertContact.id).toBe(contact.get('cid'));
    expect(await tagsOf('cid')).toEqual(['cold']);
  });

  it('the verbs scripts and commands use (ctx.db) link and refuse as GraphQL does', async () => {
    const model = (await server.platform.schemas.get(tenantId)).model;
    const principal = { tenantId, userId: adminId, via: 'api', settings: {} } as unknown as Principal;
    const ctx = (db: pg.PoolClient) => ({ principal, model, limits: DEFAULT_LIMITS, db, via: 'script' as const, pipeline: server.platform.pipeline, depth: 0 });
    const object = model.objects.get('contact')!;
    const [id] = await inTransaction(server.platform.pool, 15_000, (db) => createRecords(ctx(db), object, [{ name: 'fay', tags: [tag.get('hot')] }]));
    contact.set('fay', id);
    await inTransaction(server.platform.pool, 15_000, (db) => updateMatching(ctx(db), object, { name: { eq: 'fay' } }, { tags: { add: [tag.get('cold')] } }));
    expect(await tagsOf('fay')).toEqual(['cold', 'hot']);
    await expect(inTransaction(server.platform.pool, 15_000, (db) => createRecords(ctx(db), object, [{ name: 'gus', tags: ['not an id'] }])))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('soft delete, restore and the field\'s life', () => {
  it('a deleted target disappears from every list and filter; restored, its links are back', async () => {
    ok(await api(`mutation { deleteTag(id: "${tag.get('cold')}") { id } }`));
    expect(await tagsOf('fay')).toEqual(['hot']);
    expect(await contactsWhere({ tagsSome: { name: { eq: 'cold' } } })).toEqual([]);
    ok(await api(`mutation { restoreTag(id: "${tag.get('cold')}") { id } }`));
    expect(await tagsOf('fay')).toEqual(['cold', 'hot']);
  });

  it('a deleted source disappears from the target\'s list, and comes back', async () => {
    ok(await api(`mutation { deleteContact(id: "${contact.get('fay')}") { id } }`));
    const hot = () => api(`{ tag(id: "${tag.get('hot')}") { contacts(orderBy: [{name: ASC}]) { nodes { name } } } }`);
    expect(namesOf(ok(await hot()).tag.contacts)).not.toContain('fay');
    ok(await api(`mutation { restoreContact(id: "${contact.get('fay')}") { id } }`));
    expect(namesOf(ok(await hot()).tag.contacts)).toContain('fay');
  });

  it('deleting the field keeps its links for a restore; its target cannot be deleted while it links', async () => {
    const del = await md('mutation { deleteObject(name: "tag") { name } }');
    expect(del.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(ok(await api(`{ tag(id: "${tag.get('hot')}") { name } }`)).tag.name).toBe('hot');
    ok(await md('mutation { deleteField(object: "contact", name: "tags") { name } }'));
    expect((await api(`{ contact(id: "${contact.get('ann')}") { tags { totalCount } } }`)).errors).toBeDefined();
    ok(await md('mutation { restoreField(object: "contact", name: "tags") { name } }'));
    expect(await tagsOf('ann')).toEqual(['hot', 'vip']);
  });
});

describe('a self relation', () => {
  it('links contacts to contacts, read from both sides', async () => {
    ok(await api(`mutation { updateContact(id: "${contact.get('ann')}", data: {related: {add: ["${contact.get('bob')}", "${contact.get('cid')}"]}}) { id } }`));
    const ann = ok(await api(`{ contact(id: "${contact.get('ann')}") { related(orderBy: [{name: ASC}]) { nodes { name } } relatedFrom { nodes { name } } } }`)).contact;
    expect(namesOf(ann.related)).toEqual(['bob', 'cid']);
    expect(namesOf(ann.relatedFrom)).toEqual([]);
    const bob = ok(await api(`{ contact(id: "${contact.get('bob')}") { related { nodes { name } } relatedFrom { nodes { name } } } }`)).contact;
    expect(namesOf(bob.relatedFrom)).toEqual(['ann']);
    expect(await contactsWhere({ relatedFromSome: { name: { eq: 'ann' } } })).toEqual(['bob', 'cid']);
  });
});
