import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql } from '../../../platform/test/support/server.ts';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createPlugin as createScriptRuntime } from '../../src/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';

export { ok };

/** A server on the test clock with the script runtime, workflows and approvals. */
export async function startApprovalServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createScriptRuntime());
  await server.platform.plugins.install(createWorkflowsPlugin());
  await server.platform.plugins.install(createApprovalsPlugin());
  return server;
}

export const ORDER = {
  name: 'order',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'amount', type: 'integer' },
    { name: 'status', type: 'text' },
    { name: 'note', type: 'text' },
    { name: 'reviewer', type: 'user' },
  ],
};

export interface User { id: string; name: string; api: (q: string, v?: Record<string, unknown>) => Promise<any>; raw: (q: string, v?: Record<string, unknown>) => Promise<any> }

export interface ApprovalTenant extends WfTenant {
  /** A non-admin user with full rights on orders (and a key). */
  user(name: string, manager?: string | null): Promise<User>;
  requests(id: string, as?: User): Promise<any[]>;
  /** The pending task of `who` on the record's current request. */
  taskOf(id: string, who: User): Promise<string>;
}

export async function approvalTenant(server: RunningServer): Promise<ApprovalTenant> {
  const t = await wfTenant(server, [ORDER]);
  await t.apply({ permissionSets: [{ name: 'orders', objectPermissions: [{ object: 'order', read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true }] }] });
  let n = 0;
  const user: ApprovalTenant['user'] = async (name, manager = null) => {
    const email = `u${++n}-${Date.now()}@example.com`;
    const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name, manager } })).createUser.id as string;
    await t.meta('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "orders") { id } }', { u: id });
    const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string;
    const raw = (q: string, v?: Record<string, unknown>) => gql(server, '/graphql', key, q, v);
    return { id, name, raw, api: async (q, v) => ok(await raw(q, v)) };
  };
  const requests = async (id: string, as?: User) => (await (as?.api ?? t.api)('query($id: ID!) { approvalRequests(object: "order", id: $id) }', { id })).approvalRequests;
  return {
    ...t, user, requests,
    async taskOf(id, who) {
      const [req] = await requests(id);
      const task = req.tasks.find((x: any) => x.assignee === who.id && x.status === 'pending' && x.round === Math.max(...req.tasks.map((y: any) => y.round)));
      if (!task) throw new Error(`${who.name} has no pending task: ${JSON.stringify(req.tasks.map((x: any) => [x.assigneeName, x.node, x.status]))}`);
      return task.id;
    },
  };
}
