import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createFixture, type Fixture } from './fixture.ts';

/**
 * One SQL statement per read request, whatever the number of rows or the nesting: every call of the
 * request-path pool's `query` during a request is counted (the pool is wrapped, then restored).
 */

let server: RunningServer;
let fx: Fixture;
beforeAll(async () => {
  server = await startTestServer();
  fx = await createFixture(server);
});
afterAll(async () => { await server?.close(); });

/** Runs `query` and returns the statements the pool ran meanwhile, with the answer. */
async function statementsOf(query: string, options: { trace?: boolean; variables?: Record<string, unknown> } = {}): Promise<{ sql: string[]; body: any }> {
  // Warm the API-key cache and the tenant's schema first: those are per-process caches, not per-request work.
  await fx.q('{ metadataVersion }');
  const pool = server.platform.pool as any;
  const sql: string[] = [];
  // Only statements on the tenant's schema count: the server's own background work on the shared
  // pool (an API-key cache refill past its TTL under load, purges, security reloads) is not the request's.
  const schema = `"${fx.tenant.tenant.schema}"`;
  pool.query = function (config: any, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : config.text;
    if (text.includes(schema)) sql.push(text);
    return Object.getPrototypeOf(pool).query.call(pool, config, ...rest);
  };
  try {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tenant.apiKey}`, ...(options.trace ? { 'x-tessera-trace': '1' } : {}) },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return { sql, body: await res.json() };
  } finally {
    delete pool.query;
  }
}

const NESTING = [
  '{ leads(first: 20) { nodes { name } } }',
  '{ leads(first: 20) { nodes { name account { name } } } }',
  '{ leads(first: 20) { nodes { name account { name contacts { nodes { fullName } } } } } }',
  '{ leads(first: 20) { nodes { name account { name contacts { nodes { fullName account { name leads(first: 5) { totalCount nodes { name rep { name } } } } } } } } } }',
];

describe('statements per read request', () => {
  for (const first of [5, 200]) {
    it(`runs exactly one statement for a list of ${first} leads with their accounts`, async () => {
      const { sql, body } = await statementsOf(`{ leads(first: ${first}, orderBy: [{createdAt: ASC}]) { totalCount edges { cursor node { id name account { name industry } } } } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.leads.edges).toHaveLength(first);
      expect(sql).toHaveLength(1);
    });
  }

  NESTING.forEach((query, i) => {
    it(`runs exactly one statement at nesting depth ${i + 1}`, async () => {
      const { sql, body } = await statementsOf(query);
      expect(body.errors).toBeUndefined();
      expect(body.data.leads.nodes).toHaveLength(20);
      expect(sql).toHaveLength(1);
    });
  });

  it('checks that the deepest query really reached its last level', async () => {
    const { body } = await statementsOf(NESTING[3]);
    const withContacts = body.data.leads.nodes.find((n: any) => n.account?.contacts.nodes.length);
    expect(withContacts.account.contacts.nodes[0].account.leads.totalCount).toBeGreaterThan(0);
  });

  it('runs one statement for several root fields, aggregates and a by-id read in one document', async () => {
    const { sql, body } = await statementsOf(`{
      a: leads(first: 200) { nodes { name account { name } } }
      b: accounts { nodes { name leads(first: 3) { nodes { name } } contacts { totalCount } } }
      c: leadsAggregate(groupBy: [{status: true}]) { key { status } count }
      d: lead(id: "${fx.data.leads[0].id}") { name account { name contacts { nodes { fullName } } } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.a.nodes).toHaveLength(200);
    expect(sql).toHaveLength(1);
  });

  it('runs one statement with variables (planned per request)', async () => {
    const { sql, body } = await statementsOf('query($f: LeadFilter, $n: Int) { leads(filter: $f, first: $n) { nodes { account { contacts { nodes { fullName } } } } } }', { variables: { f: { status: { eq: 'MQL' } }, n: 150 } });
    expect(body.errors).toBeUndefined();
    expect(body.data.leads.nodes).toHaveLength(150);
    expect(sql).toHaveLength(1);
  });

  it('runs one statement per root field when graphql-js executes the document (fallback path), whatever the nesting', async () => {
    for (const query of [NESTING[0], NESTING[3]]) {
      const { sql, body } = await statementsOf(query, { trace: true });
      expect(body.errors).toBeUndefined();
      expect(sql).toHaveLength(1);
    }
  });
});
