import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { fixtureTenant, type FixtureTenant } from './fixture.ts';

let server: RunningServer;
let tenant: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  tenant = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

/** fetch with the tenant's API key added, as every client of /graphql sends it. */
function authorizedFetch(apiKey: string) {
  return (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${apiKey}`);
    return fetch(input, { ...init, headers });
  };
}

describe('GraphQL over HTTP conformance (graphql-http server audit) on /graphql', () => {
  it('passes every MUST audit; SHOULD and MAY results are reported', async () => {
    const audits = serverAudits({ url: `${server.url}/graphql`, fetchFn: authorizedFetch(tenant.apiKey) });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const lines: string[] = [];
    const mustFailures: string[] = [];
    for (const r of results) {
      const reason = r.status === 'ok' ? '' : ` — ${r.reason}`;
      lines.push(`${r.status.padEnd(6)} ${r.id} ${r.name}${reason}`);
      if (r.name.startsWith('MUST') && r.status !== 'ok') mustFailures.push(`${r.id} ${r.name}${reason}`);
    }
    console.log(`graphql-http audit of /graphql (${results.filter((r) => r.status === 'ok').length}/${results.length} ok):\n${lines.join('\n')}`);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(mustFailures).toEqual([]);
  });

  it('the audit runs against a non-trivial schema (the tenant has objects)', async () => {
    const res = await tenant.api(`{ __schema { mutationType { name } } leads(first: 1) { totalCount } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.mutationType.name).toBe('Mutation');
    expect(res.data.leads.totalCount).toBe(0);
  });
});
