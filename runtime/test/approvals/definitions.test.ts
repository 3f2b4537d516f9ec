import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { gql } from '../../../platform/test/support/server.ts';
import { approvalTenant, startApprovalServer, type ApprovalTenant } from './support.ts';

/** What the studio's designers read and do beyond documents: live definitions with their version, every version of one, and deleting one. */
let server: RunningServer;
let t: ApprovalTenant;

beforeAll(async () => {
  server = await startApprovalServer();
  t = await approvalTenant(server);
}, 180_000);
afterAll(async () => { await server?.close(); });

const WF = { name: 'stamp', object: 'order', trigger: { type: 'record', on: ['update'] }, steps: [{ id: 'a', type: 'update', data: { note: 'x' } }] };
const FLOW = (mode: string) => ({ name: 'check', object: 'order', nodes: [{ id: 'n1', mode, approvers: [{ type: 'manager' }] }] });

describe('workflow and approval flow definitions and versions', () => {
  it('lists the live items with their latest version and every version of one, oldest first; the active flag alone is no version', async () => {
    await t.apply({ workflows: [WF], approvalFlows: [FLOW('any')] });
    await t.apply({ workflows: [{ ...WF, steps: [{ id: 'a', type: 'update', data: { note: 'y' } }] }], approvalFlows: [FLOW('all')] });
    await t.apply({ workflows: [{ ...WF, active: false, steps: [{ id: 'a', type: 'update', data: { note: 'y' } }] }] });
    const data = await t.api('{ workflowDefinitions approvalFlowDefinitions wv: workflowVersions(workflow: "stamp") av: approvalFlowVersions(flow: "check") none: workflowVersions(workflow: "nothing") }');
    expect(data.workflowDefinitions).toEqual([{ name: 'stamp', version: 2, definition: { ...WF, active: false, steps: [{ id: 'a', type: 'update', data: { note: 'y' } }] } }]);
    expect(data.approvalFlowDefinitions).toEqual([{ name: 'check', version: 2, definition: { ...FLOW('all'), active: true } }]);
    expect(data.wv.map((v: any) => [v.version, v.definition.steps[0].data.note, 'active' in v.definition])).toEqual([[1, 'x', false], [2, 'y', false]]);
    expect(typeof data.wv[0].createdAt).toBe('string');
    expect(data.av.map((v: any) => [v.version, v.definition.nodes[0].mode])).toEqual([[1, 'any'], [2, 'all']]);
    expect(data.none).toEqual([]);
  });

  it('deletePluginItem deletes one item of a plugin kind through the change runner, with the kind\'s own right', async () => {
    const user = await t.user('No metadata right');
    const refused = await gql(server, '/metadata', (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user.id })).createApiKey.key, 'mutation { deletePluginItem(kind: "workflows", name: "stamp") }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.meta('mutation { deletePluginItem(kind: "workflows", name: "stamp") }')).deletePluginItem).toBe(true);
    expect((await t.meta('mutation { deletePluginItem(kind: "approvalFlows", name: "check") }')).deletePluginItem).toBe(true);
    expect(await t.api('{ workflowDefinitions approvalFlowDefinitions }')).toEqual({ workflowDefinitions: [], approvalFlowDefinitions: [] });
    const missing = await gql(server, '/metadata', t.apiKey, 'mutation { a: deletePluginItem(kind: "workflows", name: "stamp") }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await gql(server, '/metadata', t.apiKey, 'mutation { deletePluginItem(kind: "objects", name: "order") }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const history = await t.meta('{ metadataHistory(first: 5, filter: {kinds: ["workflow"]}) { nodes { action target after } } }');
    expect(history.metadataHistory.nodes[0]).toMatchObject({ action: 'deleteWorkflow', target: 'stamp', after: null });
  });
});
