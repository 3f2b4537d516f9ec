import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from './support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

describe('smoke', () => {
  it('works', async () => {
    const t = await newTenant(server);
    const md = metadataClient(server, t.apiKey);
    const r = await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [
      { name: 'account', fields: [{ name: 'name', type: 'text' }, { name: 'industry', type: 'select', options: [{ value: 'fmcg' }, { value: 'tech' }] }] },
      { name: 'lead', fields: [{ name: 'name', type: 'text', required: true }, { name: 'status', type: 'select', options: [{ value: 'MQL' }, { value: 'SQL' }] }, { name: 'score', type: 'integer' }, { name: 'account', type: 'lookup', target: 'account' }, { name: 'amount', type: 'currency' }, { name: 'tags', type: 'multiSelect', options: [{ value: 'a' }, { value: 'b' }] }, { name: 'extra', type: 'json' }, { name: 'born', type: 'date' }] },
    ] } });
    console.log(JSON.stringify(r));
    const api = (q: string, v?: any) => gql(server, '/graphql', t.apiKey, q, v);
    const a = await api(`mutation { createAccount(data: {name: "Acme", industry: fmcg}) { id name industry createdAt } }`);
    console.log(JSON.stringify(a));
    const id = a.data.createAccount.id;
    const l = await api(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id name status account { name } amount { amount currency } tags extra born } }`, { d: [
      { name: 'L1', status: 'MQL', score: 5, account: id, amount: { amount: 10.5 }, tags: ['a'], extra: { x: [1] }, born: '2020-01-02' },
      { name: 'L2', status: 'SQL', score: 7, account: id },
    ] });
    console.log(JSON.stringify(l));
    const q = await api(`{ leads(filter: {status: {eq: MQL}}, orderBy: [{createdAt: DESC}], first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name status score createdAt account { name industry } owner { name } } } } }`);
    console.log(JSON.stringify(q));
    const q2 = await api(`{ accounts { edges { node { name leads(orderBy: [{score: ASC}]) { totalCount nodes { name score } } } } } leadsAggregate(groupBy: [{status: true}]) { key { status } count sum { score } } }`);
    console.log(JSON.stringify(q2));
    const q3 = await api(`{ __typename a: leads(filter: {account: {industry: {eq: "fmcg"}}}) { nodes { name } } b: accounts(filter: {leadsSome: {score: {gt: 6}}}) { nodes { name } } }`);
    console.log(JSON.stringify(q3));
    const u = await api(`mutation { updateLeads(filter: {status: {eq: SQL}}, data: {score: 100}) { count } deleteLead(id: "${l.data.createLeads[0].id}") { id name } }`);
    console.log(JSON.stringify(u));
    const bad = await api(`mutation { createLead(data: {status: MQL}) { id } }`);
    console.log(JSON.stringify(bad));
    expect(q.errors).toBeUndefined();
  });
});
