import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok } from '../../../platform/test/kernel/support.ts';
import { createAssignmentPlugin } from '../../src/assignment/index.ts';
import { startPoolServer } from '../pools/support.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';

export { ok };

/** A server on the test clock with the script runtime, workflows, approvals, pools, dispatch and assignment. */
export async function startAssignmentServer(): Promise<RunningServer> {
  const server = await startPoolServer();
  await server.platform.plugins.install(createAssignmentPlugin());
  return server;
}

export const LEAD = {
  name: 'lead',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'channel', type: 'select', options: [{ value: 'web' }, { value: 'partner' }, { value: 'fair' }, { value: 'ads' }] },
    { name: 'phone', type: 'text' },
    { name: 'score', type: 'number' },
    { name: 'rep', type: 'user' },
    { name: 'stage', type: 'text' },
  ],
};
export const DEAL = {
  name: 'deal',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'status', type: 'select', options: [{ value: 'Open' }, { value: 'Won' }, { value: 'Lost' }] },
    { name: 'amount', type: 'number' },
  ],
};

export interface AssignTenant extends WfTenant {
  /** An active user (a rep), by name: their id. */
  user(name: string): Promise<string>;
  /** Creates leads in one write: their ids. */
  leads(data: Record<string, unknown>[]): Promise<string[]>;
  owners(ids: string[]): Promise<(string | null)[]>;
  lead(id: string): Promise<any>;
  poolHistory(id: string): Promise<any[]>;
}

export async function assignTenant(server: RunningServer): Promise<AssignTenant> {
  const t = await wfTenant(server, [LEAD, DEAL]);
  let n = 0;
  let made = 0;
  const lead = async (id: string) => (await t.api('query($id: ID!) { lead(id: $id) { id name stage owner { id } } }', { id })).lead;
  return {
    ...t,
    async user(name) {
      return (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `a${++n}-${Date.now()}@example.com`, name } })).createUser.id as string;
    },
    async leads(data) {
      return (await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: data.map((d) => ({ name: `Lead ${++made}`, ...d })) })).createLeads.map((r: { id: string }) => r.id);
    },
    async owners(ids) {
      const out: (string | null)[] = [];
      for (const id of ids) out.push((await lead(id)).owner?.id ?? null);
      return out;
    },
    lead,
    poolHistory: async (id) => (await t.api('query($id: ID!) { poolHistory(object: "lead", id: $id) }', { id })).poolHistory,
  };
}
