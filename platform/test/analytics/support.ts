import type { ManualClock } from '../../src/clock/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, ok, type Client } from '../support/server.ts';

export { ok, refused, type Client } from '../support/server.ts';

export interface AnalyticsTenant {
  id: string;
  schema: string;
  api: Client;
  md: Client;
  apply(document: Record<string, unknown>): Promise<any>;
  sql(text: string, params?: unknown[]): Promise<any[]>;
  /** A user with a role (`{permissions: …}`) and a client as them. */
  user(name: string, role: Record<string, unknown>): Promise<{ id: string; email: string; api: Client }>;
}

/** The test clock of a server started with TESSERA_TEST_CLOCK=1, set to `iso`. */
export const at = (server: RunningServer, iso: string) => (server.platform.clock as ManualClock).set(new Date(iso));

export async function analyticsTenant(server: RunningServer, document: Record<string, unknown>): Promise<AnalyticsTenant> {
  const created = await newTenant(server, 'ana');
  const md = metadataClient(server, created.apiKey);
  const apply = (d: Record<string, unknown>) => md(`mutation($d: JSON!) { applyMetadata(document: $d) { version changes { action target statements notes } } }`, { d });
  ok(await apply(document));
  return {
    id: created.tenant.id,
    schema: created.tenant.schema,
    api: (q, v) => gql(server, '/graphql', created.apiKey, q, v),
    md,
    apply,
    sql: async (text, params = []) => (await server.platform.pool.query(text, params)).rows,
    async user(name, role) {
      const roleName = `${name}${Date.now() % 100000}`;
      ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: roleName, ...role } }));
      const email = `${roleName}@ana.test`;
      const id = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email, name, role: roleName } })).createUser.id;
      const key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id })).createApiKey.key;
      return { id, email, api: (q, v) => gql(server, '/graphql', key, q, v) };
    },
  };
}

/** A stay as the history keeps it, newest last: [stage, entered, left] (ISO strings). */
export async function stays(t: AnalyticsTenant, id: string): Promise<[string, string, string | null][]> {
  const rows = await t.sql(`select "stage", "enteredAt", "leftAt" from "${t.schema}"."_stage_history" where "recordId" = $1 order by "seq"`, [id]);
  return rows.map((r) => [r.stage, new Date(r.enteredAt).toISOString(), r.leftAt ? new Date(r.leftAt).toISOString() : null]);
}
