import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The sequence field type (issue 13, item 8): positions 1..n per parent, gapless on every write —
 * creates go last (or where they say), moves shift the neighbours between the two places, moves to
 * another parent and deletes close the gap, restores go last — through single and bulk writes.
 */
let server: RunningServer;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
const projects = new Map<string, string>();

const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'sq');
  const md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [
    { name: 'project', fields: [{ name: 'name', type: 'text' }] },
    { name: 'task', fields: [{ name: 'name', type: 'text' }, { name: 'project', type: 'lookup', target: 'project' }, { name: 'position', type: 'sequence', scope: 'project' }] },
  ] } }));
  for (const name of ['a', 'b']) projects.set(name, ok(await api(`mutation { createProject(data: {name: "${name}"}) { id } }`)).createProject.id);
});
afterAll(async () => { await server?.close(); });

/** Task names of a project in position order, with their positions. */
async function order(project: string): Promise<string[]> {
  const nodes = ok(await api(`{ tasks(filter: {project: {id: {eq: "${projects.get(project)}"}}}, orderBy: [{position: ASC}]) { nodes { name position } } }`)).tasks.nodes;
  return nodes.map((n: { name: string; position: number }) => `${n.position}:${n.name}`);
}
const idOf = async (name: string) => ok(await api(`{ tasks(filter: {name: {eq: "${name}"}}) { nodes { id } } }`)).tasks.nodes[0].id as string;

describe('positions per parent', () => {
  it('numbers creates 1..n in input order, per parent', async () => {
    ok(await api('mutation($d: [TaskCreateInput!]!) { createTasks(data: $d) { id } }', { d: ['t1', 't2', 't3', 't4'].map((name) => ({ name, project: projects.get('a') })) }));
    ok(await api(`mutation { createTask(data: {name: "u1", project: "${projects.get('b')}"}) { id } }`));
    expect(await order('a')).toEqual(['1:t1', '2:t2', '3:t3', '4:t4']);
    expect(await order('b')).toEqual(['1:u1']);
  });

  it('inserts a create at the position it names', async () => {
    ok(await api(`mutation { createTask(data: {name: "new", project: "${projects.get('a')}", position: 2}) { id } }`));
    expect(await order('a')).toEqual(['1:t1', '2:new', '3:t2', '4:t3', '5:t4']);
  });

  it('moves a record up and down, the neighbours between shifting by one', async () => {
    ok(await api(`mutation { updateTask(id: "${await idOf('t4')}", data: {position: 1}) { id } }`));
    expect(await order('a')).toEqual(['1:t4', '2:t1', '3:new', '4:t2', '5:t3']);
    ok(await api(`mutation { updateTask(id: "${await idOf('t4')}", data: {position: 4}) { id } }`));
    expect(await order('a')).toEqual(['1:t1', '2:new', '3:t2', '4:t4', '5:t3']);
    // Past the end: last.
    ok(await api(`mutation { updateTask(id: "${await idOf('t1')}", data: {position: 99}) { id } }`));
    expect(await order('a')).toEqual(['1:new', '2:t2', '3:t4', '4:t3', '5:t1']);
  });

  it('closes the gap on delete and puts a restored record last', async () => {
    const id = await idOf('t2');
    ok(await api(`mutation { deleteTask(id: "${id}") { id } }`));
    expect(await order('a')).toEqual(['1:new', '2:t4', '3:t3', '4:t1']);
    ok(await api(`mutation { restoreTask(id: "${id}") { id } }`));
    expect(await order('a')).toEqual(['1:new', '2:t4', '3:t3', '4:t1', '5:t2']);
  });

  it('moving to another parent closes the gap it leaves (bulk update too)', async () => {
    ok(await api(`mutation { updateTasks(filter: {name: {in: ["t4", "t3"]}}, data: {project: "${projects.get('b')}"}) { ids } }`));
    expect(await order('a')).toEqual(['1:new', '2:t1', '3:t2']);
    expect((await order('b')).length).toBe(3);
    expect((await order('b')).map((s) => s.split(':')[0])).toEqual(['1', '2', '3']);
  });

  it('refuses a position below 1', async () => {
    const res = await api(`mutation { updateTask(id: "${await idOf('t1')}", data: {position: 0}) { id } }`);
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });
});
