import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql } from '../../../platform/test/support/server.ts';
import { createCollaborationPlugin } from '../../src/collaboration/index.ts';
import { createConversionsPlugin } from '../../src/conversions/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';

export { ok };

/** A server on the test clock with workflows (the notifications inbox), conversions and collaboration. */
export async function startCrmServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createWorkflowsPlugin());
  await server.platform.plugins.install(createConversionsPlugin());
  await server.platform.plugins.install(createCollaborationPlugin());
  return server;
}

const lookup = (name: string, target: string) => ({ name, type: 'lookup', target });
export const OBJECTS = [
  { name: 'account', fields: [{ name: 'name', type: 'text', required: true }, { name: 'industry', type: 'text' }, { name: 'phone', type: 'text' }] },
  { name: 'contact', fields: [{ name: 'name', type: 'text', required: true }, { name: 'phone', type: 'text' }, { name: 'email', type: 'text' }, lookup('account', 'account')] },
  { name: 'opportunity', fields: [{ name: 'name', type: 'text', required: true }, { name: 'amount', type: 'integer' }, lookup('account', 'account'), lookup('contact', 'contact')] },
  {
    name: 'lead', fields: [
      { name: 'name', type: 'text', required: true }, { name: 'company', type: 'text' }, { name: 'phone', type: 'text' }, { name: 'email', type: 'text' },
      { name: 'industry', type: 'text' }, { name: 'budget', type: 'integer' }, { name: 'status', type: 'text' },
      lookup('convertedAccount', 'account'), lookup('convertedContact', 'contact'), lookup('convertedOpportunity', 'opportunity'),
    ],
  },
  { name: 'activity', fields: [{ name: 'subject', type: 'text', required: true }, lookup('lead', 'lead'), lookup('account', 'account'), lookup('contact', 'contact'), lookup('opportunity', 'opportunity')] },
];

export const CONVERSION = {
  name: 'leadToCustomer', object: 'lead', label: { en: 'Convert lead', zh: '转化线索' },
  targets: [
    { name: 'account', object: 'account', required: true, fields: { name: { field: 'company' }, industry: { field: 'industry' }, phone: { field: 'phone' } } },
    { name: 'contact', object: 'contact', required: true, fields: { name: { field: 'name' }, phone: { field: 'phone' }, email: { field: 'email' }, account: { target: 'account' } } },
    { name: 'opportunity', object: 'opportunity', fields: { name: { expr: 'company & " - " & name' }, amount: { expr: 'budget * 2' }, account: { target: 'account' }, contact: { target: 'contact' } } },
  ],
  source: { set: { status: { value: 'Converted' }, convertedAccount: { target: 'account' }, convertedContact: { target: 'contact' }, convertedOpportunity: { target: 'opportunity' } }, lock: true },
  moves: [{ object: 'activity', lookup: 'lead', set: { account: 'account', contact: 'contact', opportunity: 'opportunity' } }],
};

export interface User { id: string; api: (q: string, v?: Record<string, unknown>) => Promise<any>; raw: (q: string, v?: Record<string, unknown>) => Promise<any> }

export interface CrmTenant extends WfTenant {
  raw: (q: string, v?: Record<string, unknown>) => Promise<any>;
  /** A non-admin user with the given object rights (read, create, update on each named object). */
  user(name: string, objects: Record<string, ('read' | 'create' | 'update' | 'delete')[]>): Promise<User>;
}

export async function crmTenant(server: RunningServer, conversion: unknown = CONVERSION): Promise<CrmTenant> {
  const t = await wfTenant(server, OBJECTS);
  await t.apply({ conversions: [conversion] });
  let n = 0;
  return {
    ...t,
    raw: (q, v) => gql(server, '/graphql', t.apiKey, q, v),
    async user(name, objects) {
      const set = `set${++n}`;
      await t.apply({ permissionSets: [{ name: set, objectPermissions: Object.entries(objects).map(([object, rights]) => ({ object, read: rights.includes('read'), create: rights.includes('create'), update: rights.includes('update'), delete: rights.includes('delete'), viewAll: rights.includes('read'), modifyAll: rights.includes('update') && rights.includes('create') })) }] });
      const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `u${n}-${Date.now()}@example.com`, name } })).createUser.id as string;
      await t.meta('mutation($u: ID!, $s: String!) { assignPermissionSet(user: $u, permissionSet: $s) { id } }', { u: id, s: set });
      const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string;
      const raw = (q: string, v?: Record<string, unknown>) => gql(server, '/graphql', key, q, v);
      return { id, raw, api: async (q, v) => ok(await raw(q, v)) };
    },
  };
}
