import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql } from '../../../platform/test/support/server.ts';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createPlugin as createScriptRuntime } from '../../src/index.ts';
import { createPoolsPlugin } from '../../src/pools/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';

export { ok };

/** A server on the test clock with the script runtime, workflows, approvals and pools. */
export async function startPoolServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createScriptRuntime());
  await server.platform.plugins.install(createWorkflowsPlugin());
  await server.platform.plugins.install(createApprovalsPlugin());
  await server.platform.plugins.install(createPoolsPlugin());
  return server;
}

export const LEAD = {
  name: 'lead',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'notes', type: 'longText' },
    { name: 'status', type: 'select', options: [{ value: 'New' }, { value: 'Contacted' }, { value: 'Qualified' }] },
    { name: 'stage', type: 'text' },
    { name: 'secret', type: 'text' },
  ],
};
export const ACTIVITY = { name: 'activity', fields: [{ name: 'subject', type: 'text', required: true }, { name: 'lead', type: 'lookup', target: 'lead' }] };

export interface User { id: string; name: string; api: (q: string, v?: Record<string, unknown>) => Promise<any>; raw: (q: string, v?: Record<string, unknown>) => Promise<any> }

export interface PoolTenant extends WfTenant {
  /** A non-admin user who sees and changes their own leads and activities. */
  user(name: string, role?: string): Promise<User>;
  /** n leads in a public pool (owner cleared), created by the admin. */
  publicLeads(n: number, prefix?: string): Promise<string[]>;
  lead(id: string): Promise<{ id: string; name: string; owner: { id: string } | null }>;
  history(id: string): Promise<any[]>;
  raw: (q: string, v?: Record<string, unknown>) => Promise<any>;
}

export async function poolTenant(server: RunningServer): Promise<PoolTenant> {
  const t = await wfTenant(server, [LEAD, ACTIVITY]);
  const crud = { read: true, create: true, update: true, delete: true };
  await t.apply({ permissionSets: [{ name: 'reps', objectPermissions: [{ object: 'lead', ...crud }, { object: 'activity', ...crud }], fieldPermissions: [{ object: 'lead', field: 'secret', read: false, update: false }] }] });
  await t.meta('mutation($n: String!, $i: ObjectUpdateInput!) { updateObject(name: $n, input: $i) { name } }', { n: 'lead', i: { sharing: 'PRIVATE' } });
  let n = 0;
  const user: PoolTenant['user'] = async (name) => {
    const email = `p${++n}-${Date.now()}@example.com`;
    const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name } })).createUser.id as string;
    await t.meta('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "reps") { id } }', { u: id });
    const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string;
    const raw = (q: string, v?: Record<string, unknown>) => gql(server, '/graphql', key, q, v);
    return { id, name, raw, api: async (q, v) => ok(await raw(q, v)) };
  };
  let made = 0;
  return {
    ...t, user,
    raw: (q, v) => gql(server, '/graphql', t.apiKey, q, v),
    async publicLeads(count, prefix = 'Lead') {
      const data = Array.from({ length: count }, () => ({ name: `${prefix} ${++made}` }));
      return (await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: data.map((d) => ({ ...d, owner: null })) })).createLeads.map((r: { id: string }) => r.id);
    },
    lead: async (id) => (await t.api('query($id: ID!) { lead(id: $id) { id name owner { id } } }', { id })).lead,
    history: async (id) => (await t.api('query($id: ID!) { poolHistory(object: "lead", id: $id) }', { id })).poolHistory,
  };
}

/** The refusal of a response: its code, the rule and the pointer. */
export function refusal(res: any): { code: string; rule?: string; pointer?: string } {
  const e = res.errors?.[0];
  if (!e) throw new Error(`expected a refusal, got ${JSON.stringify(res.data)}`);
  return { code: e.extensions?.code, rule: e.extensions?.rule, pointer: e.extensions?.errors?.[0]?.pointer };
}
