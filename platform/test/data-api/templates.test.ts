import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createFixture, type Fixture } from './fixture.ts';
import { tenantApi } from '../../src/graphql/data-api/schema-cache.ts';

/**
 * Documents with variables that only carry values (an id, a name) get their SQL compiled once per
 * document and user, and each request only fills the parameters; variables that shape the SQL
 * (patterns, cursors, nulls) are planned per request. Either way the answers are the same.
 */
let server: RunningServer;
let fx: Fixture;
beforeAll(async () => {
  server = await startTestServer();
  fx = await createFixture(server);
});
afterAll(async () => { await server?.close(); });

const byId = 'query($id: ID!) { lead(id: $id) { id name } }';

async function templatesOf(query: string) {
  const api = tenantApi(await server.platform.schemas.get(fx.tenant.tenant.id));
  return [...(api.documents.get(query)?.templates.values() ?? [])];
}

describe('compiled templates for documents with variables', () => {
  it('answers each id with its own record from one template', async () => {
    for (const lead of fx.live.leads.slice(0, 5)) {
      const data = await fx.q(byId, { id: lead.id });
      expect(data.lead).toEqual({ id: lead.id, name: lead.name });
    }
    const templates = await templatesOf(byId);
    expect(templates).toHaveLength(1);
    expect(templates[0]?.slots.map((s) => s.variable)).toEqual(['id']);
  });

  it('still refuses a malformed id (the full planner runs for it)', async () => {
    const res = await fx.api(byId, { id: 'not-a-uuid' });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('plans per request when a variable is transformed (startsWith) or shapes the SQL (a cursor)', async () => {
    const starts = 'query($p: String) { leads(filter: {name: {startsWith: $p}}, first: 500) { nodes { name } } }';
    const first = fx.live.leads[0].name.slice(0, 3);
    const data = await fx.q(starts, { p: first });
    expect(data.leads.nodes.map((n: { name: string }) => n.name).sort()).toEqual(fx.live.leads.filter((l) => l.name.toLowerCase().startsWith(first.toLowerCase())).map((l) => l.name).sort());
    expect(await templatesOf(starts)).toEqual([null]);
    const cursor = 'query($c: String) { leads(first: 2, after: $c) { edges { cursor node { id } } } }';
    const page1 = await fx.q(cursor, { c: null });
    const page2 = await fx.q(cursor, { c: page1.leads.edges[1].cursor });
    expect(page2.leads.edges[0].node.id).not.toBe(page1.leads.edges[0].node.id);
    expect(await templatesOf(cursor)).toEqual([null]);
  });
});
