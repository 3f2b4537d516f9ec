import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, ok, type Client } from '../support/server.ts';

export { ok, refused, type Client } from '../support/server.ts';

export interface DupTenant {
  id: string;
  schema: string;
  api: Client;
  md: Client;
  key: string;
  /** Applies a metadata document as the tenant's administrator (errors returned, not thrown). */
  apply(document: Record<string, unknown>): Promise<any>;
  sql(text: string, params?: unknown[]): Promise<any[]>;
  /** Creates a user with a role made of `permissions` and returns a client as them. */
  user(role: Record<string, unknown>): Promise<{ id: string; api: Client }>;
}

export async function dupTenant(server: RunningServer, objects: unknown[], rules: unknown[] = []): Promise<DupTenant> {
  const created = await newTenant(server, 'dup');
  const md = metadataClient(server, created.apiKey);
  const apply = (d: Record<string, unknown>) => md(`mutation($d: JSON!) { applyMetadata(document: $d) { version changes { action target statements notes } } }`, { d });
  ok(await apply({ objects, ...(rules.length ? { duplicateRules: rules } : {}) }));
  let n = 0;
  return {
    id: created.tenant.id,
    schema: created.tenant.schema,
    key: created.apiKey,
    api: (q, v) => gql(server, '/graphql', created.apiKey, q, v),
    md,
    apply,
    sql: async (text, params = []) => (await server.platform.pool.query(text, params)).rows,
    async user(role) {
      const name = `r${++n}${Date.now() % 100000}`;
      ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name, ...role } }));
      const id = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `${name}@dup.test`, name, role: name } })).createUser.id;
      const key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id })).createApiKey.key;
      return { id, api: (q, v) => gql(server, '/graphql', key, q, v) };
    },
  };
}

const upper = (s: string) => s[0].toUpperCase() + s.slice(1);

/** `create<Object>(data, allowDuplicates)`: the raw response. */
export function create(api: Client, object: string, data: Record<string, unknown>, allowDuplicates?: boolean) {
  const type = upper(object);
  return api(`mutation($d: ${type}CreateInput!, $a: Boolean) { create${type}(data: $d, allowDuplicates: $a) { id } }`, { d: data, a: allowDuplicates });
}

/** Creates a record and returns its id (expects success). */
export async function created(api: Client, object: string, data: Record<string, unknown>, allowDuplicates?: boolean): Promise<string> {
  return ok(await create(api, object, data, allowDuplicates))[`create${upper(object)}`].id;
}
