import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * A record may belong to no one (a lead in a public pool): `owner: null` on create and update, single
 * and bulk, stored as a null ownerId and recorded in the history; a non-null owner is still an active user.
 */
let server: RunningServer;
let api: (q: string, v?: Record<string, unknown>) => Promise<any>;
beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'ownerless');
  const md = metadataClient(server, t.apiKey);
  const res = await md('mutation { createObject(input: {name: "lead", label: {en: "Lead"}, pluralLabel: {en: "Leads"}, fields: [{name: "name", type: TEXT, label: {en: "Name"}, required: true}]}) { name } }');
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  api = (q, v) => gql(server, '/graphql', t.apiKey, q, v);
});
afterAll(() => server?.close());

it('creates and updates records with no owner, single and bulk', async () => {
  const created = await api('mutation { a: createLead(data: {name: "A", owner: null}) { id owner { id } } b: createLeads(data: [{name: "B", owner: null}, {name: "C"}]) { id owner { id } } }');
  expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
  expect(created.data.a.owner).toBeNull();
  expect(created.data.b.map((r: any) => r.owner === null)).toEqual([true, false]);
  const c = created.data.b[1].id;
  const one = await api('mutation($id: ID!) { updateLead(id: $id, data: {owner: null}) { owner { id } } }', { id: c });
  expect(one.errors, JSON.stringify(one.errors)).toBeUndefined();
  expect(one.data.updateLead.owner).toBeNull();
  const bulk = await api('mutation { updateLeads(filter: {}, data: {owner: null}) { count } }');
  expect(bulk.data.updateLeads.count).toBe(3);
  expect((await api('{ leads { nodes { owner { id } } } }')).data.leads.nodes.map((r: any) => r.owner)).toEqual([null, null, null]);
  const bad = await api('mutation($id: ID!) { updateLead(id: $id, data: {owner: "00000000-0000-7000-8000-000000000000"}) { id } }', { id: c });
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'REFERENCE_NOT_FOUND', errors: [{ pointer: '/data/owner' }] });
});
