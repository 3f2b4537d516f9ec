import path from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, testDatabaseUrl } from '../support/server.ts';

/** The real server with the script runtime installed, as `npm start` composes it. */
export async function startConfigServer(): Promise<RunningServer & { closeAll(): Promise<void> }> {
  const server = await startTestServer();
  // A path held in a variable: the platform's project does not pull runtime/ in.
  const entry: string = path.resolve(import.meta.dirname, '../../../runtime/src/index.ts');
  await server.platform.plugins.install((await import(entry)).createPlugin());
  return Object.assign(server, {
    async closeAll() {
      await server.close();
    },
  });
}

export type Md = ReturnType<typeof metadataClient>;

/** A new tenant and its administrator's metadata client; `ok` fails the test on any error. */
export async function configTenant(server: RunningServer, prefix = 'cfg') {
  const tenant = await newTenant(server, prefix);
  const md = metadataClient(server, tenant.apiKey);
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const res = await md(query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  return { tenant, id: tenant.tenant.id, md, ok, data: (query: string, variables?: Record<string, unknown>) => gql(server, '/graphql', tenant.apiKey, query, variables) };
}

export async function versions(server: RunningServer, tenantId: string): Promise<{ metadata: number; security: number }> {
  const { rows } = await server.platform.pool.query('select metadata_version, security_version from tessera.tenants where id = $1', [tenantId]);
  return { metadata: Number(rows[0].metadata_version), security: Number(rows[0].security_version) };
}

export async function historyCount(server: RunningServer, tenantId: string): Promise<number> {
  return (await server.platform.pool.query('select count(*)::int as n from tessera.metadata_history where tenant_id = $1', [tenantId])).rows[0].n;
}

/** LISTENs on the configuration channels and keeps what is announced for one tenant. */
export async function listen(tenantId: string) {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  const heard: { channel: string; payload: string }[] = [];
  client.on('notification', (n) => { if (n.payload?.startsWith(`${tenantId}:`)) heard.push({ channel: n.channel, payload: n.payload }); });
  for (const channel of ['tessera_metadata', 'tessera_security', 'tessera_changes']) await client.query(`listen ${channel}`);
  return {
    heard,
    /** What arrived since the last call (after a round trip, so that notifications committed before it are in). */
    async take() {
      await client.query('select 1');
      await new Promise((r) => setTimeout(r, 50));
      return heard.splice(0).map((h) => h.channel).sort();
    },
    close: () => client.end(),
  };
}
