import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, type GraphQLResponse } from '../support/server.ts';
import { METADATA, OBJECTS, SHARING, type ObjectName, type Rec, type Target, type TenantSpec } from './generate.ts';

export interface BuiltUser { key: string; id: string; apiKey: string }

export interface BuiltTenant {
  id: string;
  schema: string;
  adminKey: string;
  users: Map<string, BuiltUser>;
  /** POST /graphql as a user (by key). */
  as<T = any>(user: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  sql(text: string, params?: unknown[]): Promise<any[]>;
  table(object: ObjectName): string;
}

const plural: Record<ObjectName, string> = { account: 'Accounts', opportunity: 'Opportunities', note: 'Notes', product: 'Products', campaign: 'Campaigns' };
export const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const listField = (object: ObjectName) => plural[object].charAt(0).toLowerCase() + plural[object].slice(1);
export const pluralName = (object: ObjectName) => plural[object];

function ok<T>(res: GraphQLResponse<T>, what: string): T {
  if (res.errors || res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** The record's input for a create as the administrator: its id, owner (a user id) and field values. */
function input(object: ObjectName, rec: Rec, userId: (key: string) => string): Record<string, unknown> {
  const { id, owner, deleted: _deleted, ...fields } = rec as Rec & Record<string, unknown>;
  return { id, owner: userId(owner), ...fields };
}

/**
 * Builds the generated tenant through the public APIs: metadata, sharing models (updateObject),
 * roles, permission sets, users and their API keys, groups, sharing rules (POST /metadata), records
 * created as the administrator with their owners (POST /graphql), manual shares (shareRecord); soft
 * deletes with SQL, so that lookups keep pointing at deleted records.
 */
export async function buildTenant(server: RunningServer, spec: TenantSpec, prefix = 'sec'): Promise<BuiltTenant> {
  const t = await newTenant(server, prefix);
  const pool = server.platform.pool;
  const unlimited = { rate: 1_000_000, burst: 1_000_000 };
  await pool.query(`update tessera.tenants set settings = coalesce(settings, '{}'::jsonb) || $2::jsonb where id = $1`, [t.tenant.id, { rateLimits: { perKey: unlimited, perTenant: unlimited } }]);
  const md = metadataClient(server, t.apiKey);
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: METADATA }), 'applyMetadata');
  for (const object of OBJECTS) {
    const sharing = SHARING[object];
    if (sharing && sharing !== 'PUBLIC_READ_WRITE') ok(await md(`mutation($n: String!, $i: ObjectUpdateInput!) { updateObject(name: $n, input: $i) { name } }`, { n: object, i: { sharing } }), `updateObject ${object}`);
  }
  for (const role of spec.roles) {
    ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: role.name, parent: role.parent, objectPermissions: role.objectPermissions, fieldPermissions: role.fieldPermissions } }), `createRole ${role.name}`);
  }
  for (const set of spec.permissionSets) {
    ok(await md(`mutation($i: PermissionSetInput!) { createPermissionSet(input: $i) { id } }`, { i: set }), `createPermissionSet ${set.name}`);
  }
  const users = new Map<string, BuiltUser>();
  users.set('admin', { key: 'admin', id: t.admin.id, apiKey: t.apiKey });
  for (const u of spec.users) {
    if (u.creator) continue;
    // The manager: the first user of the parent role, when there is one.
    const parent = spec.roles.find((r) => r.name === u.role)?.parent;
    const manager = [...users.values()].find((x) => spec.users.find((s) => s.key === x.key)?.role === parent && parent);
    const created = ok(await md<{ createUser: { id: string } }>(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { email: `${u.key}@security.test`, name: u.key, password: `password of ${u.key}`, role: u.role, manager: manager?.id, ...(u.isAdmin ? { isAdmin: true } : {}) },
    }), `createUser ${u.key}`);
    const key = ok(await md<{ createApiKey: { key: string } }>(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: created.createUser.id }), `createApiKey ${u.key}`);
    users.set(u.key, { key: u.key, id: created.createUser.id, apiKey: key.createApiKey.key });
    for (const set of u.permissionSets) ok(await md(`mutation($u: ID!, $p: String!) { assignPermissionSet(user: $u, permissionSet: $p) { id } }`, { u: created.createUser.id, p: set }), `assign ${set}`);
  }
  const userId = (key: string) => users.get(key)!.id;
  const target = (x: Target) => ('user' in x ? { user: userId(x.user) } : x);
  for (const g of spec.groups) ok(await md(`mutation($i: GroupInput!) { createGroup(input: $i) { id } }`, { i: { name: g.name, members: g.members.map(target) } }), `createGroup ${g.name}`);
  for (const rule of spec.rules) {
    ok(await md(`mutation($i: SharingRuleInput!) { createSharingRule(input: $i) { id } }`, { i: { object: rule.object, filter: rule.filter, shareWith: target(rule.shareWith), access: rule.access } }), `createSharingRule ${rule.object}`);
  }
  const api = <T = any>(key: string, query: string, variables?: Record<string, unknown>) => gql<T>(server, '/graphql', key, query, variables);
  for (const object of OBJECTS) {
    const records = spec.records[object].map((r) => input(object, r, userId));
    ok(await api(t.apiKey, `mutation($d: [${upper(object)}CreateInput!]!) { create${pluralName(object)}(data: $d) { id } }`, { d: records }), `create ${object}`);
  }
  for (const s of spec.shares) {
    ok(await md(`mutation($o: String!, $id: ID!, $w: ShareTargetInput!, $a: ShareAccess!) { shareRecord(object: $o, id: $id, with: $w, access: $a) }`, { o: s.object, id: s.id, w: target(s.with), a: s.access }), `shareRecord ${s.object} ${s.id}`);
  }
  const schema = t.tenant.schema;
  const tables = new Map<string, string>((await pool.query('select name, table_name from tessera.object_definitions where tenant_id = $1 and deleted_at is null', [t.tenant.id])).rows.map((r) => [r.name, r.table_name]));
  const table = (object: ObjectName) => `"${schema}"."${tables.get(object)}"`;
  for (const object of OBJECTS) {
    const gone = spec.records[object].filter((r) => r.deleted).map((r) => r.id);
    await pool.query(`update ${table(object)} set "deletedAt" = now() - interval '1 day' where id = any($1::uuid[])`, [gone]);
  }
  return {
    id: t.tenant.id,
    schema,
    adminKey: t.apiKey,
    users,
    as: (user, query, variables) => api(users.get(user)!.apiKey, query, variables),
    sql: async (text, params = []) => (await pool.query(text, params)).rows,
    table,
  };
}

/** Runs `work` over `items` with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  }));
  return out;
}
