import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The tree field type (issue 13, item 8): a record's parent in its own object, read as a lookup
 * with a children connection, filtered by `under` (descendants) and `above` (ancestors) on both
 * GraphQL paths; cycles refused on every write (single, bulk, a create naming its own id); soft
 * delete and row-level access respected at the anchor.
 */
let server: RunningServer;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
let asRep: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
const ids = new Map<string, string>();

const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

/** name → parent name: root › europe › france › paris, root › asia › china, and a second root. */
const TREE: [string, string | null][] = [
  ['root', null], ['europe', 'root'], ['asia', 'root'], ['france', 'europe'], ['paris', 'france'], ['china', 'asia'], ['other', null],
];

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'tr');
  const md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'category', sharing: 'PRIVATE', fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'parent', type: 'tree', relationName: 'children' },
  ] }] } }));
  for (const [name, parent] of TREE) {
    ids.set(name, ok(await api('mutation($d: CategoryCreateInput!) { createCategory(data: $d) { id } }', { d: { name, parent: parent ? ids.get(parent) : null } })).createCategory.id);
  }
  // A user who reads only their own categories (PRIVATE): they own china and nothing above it.
  ok(await md('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'rep', objectPermissions: [{ object: 'category', read: true, create: true, update: true }] } }));
  const rep = ok(await md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: 'rep@tree.test', name: 'rep', password: 'password of rep', role: 'rep' } })).createUser.id;
  const key = ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: rep })).createApiKey.key;
  asRep = (query, variables) => gql(server, '/graphql', key, query, variables);
  ok(await api(`mutation { updateCategory(id: "${ids.get('china')}", data: {owner: "${rep}"}) { id } }`));
});
afterAll(async () => { await server?.close(); });

const names = (res: GraphQLResponse) => ok(res).categories.nodes.map((n: { name: string }) => n.name).sort();
const filtered = async (filter: Record<string, unknown>, call = api) => {
  // The compiled path (a literal) and graphql-js (a variable) must agree.
  const literal = JSON.stringify(filter).replace(/"([a-zA-Z]+)":/g, '$1:');
  const a = names(await call(`{ categories(filter: ${literal}) { nodes { name } } }`));
  const b = names(await call('query($f: CategoryFilter) { categories(filter: $f) { nodes { name } } }', { f: filter }));
  expect(b).toEqual(a);
  return a;
};

describe('reading a tree', () => {
  it('reads the parent as a record and the children as a connection', async () => {
    const paris = ok(await api(`{ category(id: "${ids.get('paris')}") { parent { name parent { name } } } }`)).category;
    expect(paris.parent).toEqual({ name: 'france', parent: { name: 'europe' } });
    const root = ok(await api(`{ category(id: "${ids.get('root')}") { children(orderBy: [{name: ASC}]) { nodes { name } } } }`)).category;
    expect(root.children.nodes.map((n: { name: string }) => n.name)).toEqual(['asia', 'europe']);
  });

  it('filters descendants (under) and ancestors (above), the anchor itself excluded', async () => {
    expect(await filtered({ parent: { under: ids.get('root') } })).toEqual(['asia', 'china', 'europe', 'france', 'paris']);
    expect(await filtered({ parent: { under: ids.get('europe') } })).toEqual(['france', 'paris']);
    expect(await filtered({ parent: { under: ids.get('paris') } })).toEqual([]);
    expect(await filtered({ parent: { above: ids.get('paris') } })).toEqual(['europe', 'france', 'root']);
    expect(await filtered({ parent: { above: ids.get('root') } })).toEqual([]);
    expect(await filtered({ parent: { under: ids.get('root'), above: ids.get('paris') } })).toEqual(['europe', 'france']);
    expect(await filtered({ not: { parent: { under: ids.get('root') } } })).toEqual(['other', 'root']);
  });

  it('filters direct children and roots by the parent\'s id', async () => {
    expect(await filtered({ parent: { eq: ids.get('root') } })).toEqual(['asia', 'europe']);
    expect(await filtered({ parent: { isNull: true } })).toEqual(['other', 'root']);
    expect(await filtered({ parent: { in: [ids.get('asia'), ids.get('france')] } })).toEqual(['china', 'paris']);
  });

  it('refuses an anchor that is no id, with its pointer', async () => {
    const res = await api('{ categories(filter: {parent: {under: "europe"}}) { nodes { name } } }');
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.errors[0].pointer).toBe('/filter/parent/under');
  });
});

describe('cycles are refused on every write', () => {
  const refused = (res: GraphQLResponse, pointer: string) => {
    expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0].extensions?.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  };

  it('a record under itself', async () => {
    refused(await api(`mutation { updateCategory(id: "${ids.get('asia')}", data: {parent: "${ids.get('asia')}"}) { id } }`), '/data/parent');
  });

  it('a record under its own descendant, single and bulk', async () => {
    refused(await api(`mutation { updateCategory(id: "${ids.get('europe')}", data: {parent: "${ids.get('paris')}"}) { id } }`), '/data/parent');
    refused(await api(`mutation { updateCategories(filter: {name: {eq: "root"}}, data: {parent: "${ids.get('china')}"}) { ids } }`), '/data/parent');
    // Nothing moved.
    expect(await filtered({ parent: { above: ids.get('paris') } })).toEqual(['europe', 'france', 'root']);
  });

  it('a create naming its own id as its parent (no such record yet)', async () => {
    const id = '01900000-0000-7000-8000-00000000c0c0';
    const res = await api(`mutation { createCategory(data: {id: "${id}", name: "loop", parent: "${id}"}) { id } }`);
    expect(res.errors?.[0].extensions?.code).toBe('REFERENCE_NOT_FOUND');
    expect(res.errors?.[0].extensions?.errors[0].pointer).toBe('/data/parent');
  });

  it('allows moving a subtree elsewhere, and back', async () => {
    ok(await api(`mutation { updateCategory(id: "${ids.get('france')}", data: {parent: "${ids.get('asia')}"}) { id } }`));
    expect(await filtered({ parent: { under: ids.get('asia') } })).toEqual(['china', 'france', 'paris']);
    ok(await api(`mutation { updateCategory(id: "${ids.get('france')}", data: {parent: "${ids.get('europe')}"}) { id } }`));
  });
});

describe('rights and soft delete at the anchor', () => {
  it('finds nothing under or above a record the caller cannot see', async () => {
    expect(await filtered({}, asRep)).toEqual(['china']);
    expect(await filtered({ parent: { under: ids.get('root') } }, asRep)).toEqual([]);
    expect(await filtered({ parent: { above: ids.get('paris') } }, asRep)).toEqual([]);
    // A parent the caller cannot see reads and filters as none.
    expect(ok(await asRep(`{ category(id: "${ids.get('china')}") { parent { name } } }`)).category.parent).toBeNull();
  });

  it('deleting a parent makes its children roots (onDelete setNull); nothing is under a deleted record', async () => {
    ok(await api(`mutation { deleteCategory(id: "${ids.get('france')}") { id } }`));
    expect(await filtered({ parent: { under: ids.get('europe') } })).toEqual([]);
    expect(await filtered({ parent: { under: ids.get('france') } })).toEqual([]);
    expect(await filtered({ parent: { isNull: true } })).toEqual(['other', 'paris', 'root']);
    ok(await api(`mutation { restoreCategory(id: "${ids.get('france')}") { id } }`));
    expect(await filtered({ parent: { under: ids.get('root') } })).toEqual(['asia', 'china', 'europe', 'france']);
  });
});
