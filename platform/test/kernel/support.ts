import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { readConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import { gql, isolatedDatabaseUrl, metadataClient, newTenant, type GraphQLResponse } from '../support/server.ts';

/**
 * A server on a database of its own, made for it on the suite's PostgreSQL: for a test clock,
 * whose moves fire every due timer of the database by its own time.
 */
export async function startIsolatedServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env }), port: 0, databaseUrl: await isolatedDatabaseUrl() };
  return startServer(config, { demoTenant: false });
}

/** A tenant of a kernel test: its admin's clients, and a non-admin user's key. */
export interface KernelTenant {
  id: string;
  schema: string;
  adminId: string;
  md(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  api(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** A user without admin rights. */
  userKey(): Promise<string>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
}

export function ok(res: GraphQLResponse): any {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

/** A fresh tenant with an object `deal` (name text, amount integer, stage text). */
export async function kernelTenant(server: RunningServer, prefix = 'k'): Promise<KernelTenant> {
  const created = await newTenant(server, prefix);
  const md = metadataClient(server, created.apiKey);
  ok(await md(`mutation { createObject(input: {name: "deal", fields: [{name: "name", type: TEXT}, {name: "amount", type: INTEGER}, {name: "stage", type: TEXT}]}) { name } }`));
  let key: string | undefined;
  return {
    id: created.tenant.id,
    schema: created.tenant.schema,
    adminId: created.admin.id,
    md,
    api: (query, variables) => gql(server, '/graphql', created.apiKey, query, variables),
    async userKey() {
      if (key) return key;
      const user = ok(await md(`mutation($e: String!) { createUser(input: {email: $e, name: "Rep"}) { id } }`, { e: `rep-${randomBytes(3).toString('hex')}@example.com` })).createUser.id;
      key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).createApiKey.key as string;
      return key;
    },
    sql: async (text, params) => (await server.platform.pool.query(text, params)).rows,
  };
}

/** A name unique to this run (job and subscriber names are shared by every server on the database). */
export const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

/** Polls `check` until it holds (or fails after `ms`). */
export async function until(check: () => Promise<boolean> | boolean, ms = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
