import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createCollaborationPlugin } from '../../src/collaboration/index.ts';
import { createPlugin as createScriptRuntime } from '../../src/index.ts';
import { createPoolsPlugin } from '../../src/pools/index.ts';
import { createReactivationPlugin } from '../../src/reactivation/index.ts';
import { createScoringPlugin } from '../../src/scoring/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';

export { ok };

/** A server on the test clock with the script runtime, workflows, approvals, pools, scoring, reactivation and collaboration (the timeline). */
export async function startScoringServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createScriptRuntime());
  await server.platform.plugins.install(createWorkflowsPlugin());
  await server.platform.plugins.install(createApprovalsPlugin());
  await server.platform.plugins.install(createPoolsPlugin());
  await server.platform.plugins.install(createScoringPlugin());
  await server.platform.plugins.install(createReactivationPlugin());
  await server.platform.plugins.install(createCollaborationPlugin());
  return server;
}

export const ACCOUNT = { name: 'account', fields: [{ name: 'name', type: 'text', required: true }, { name: 'size', type: 'integer' }] };
export const LEAD = {
  name: 'lead',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'phone', type: 'text' },
    { name: 'notes', type: 'longText' },
    { name: 'industry', type: 'select', options: [{ value: 'Education' }, { value: 'Retail' }] },
    { name: 'channel', type: 'text' },
    { name: 'status', type: 'select', options: [{ value: 'New' }, { value: 'Working' }, { value: 'Dormant' }] },
    { name: 'account', type: 'lookup', target: 'account' },
    { name: 'score', type: 'number' },
  ],
};
export const ACTIVITY = {
  name: 'activity',
  fields: [
    { name: 'subject', type: 'text', required: true },
    { name: 'type', type: 'select', options: [{ value: 'Call' }, { value: 'Meeting' }, { value: 'Note' }] },
    { name: 'lead', type: 'lookup', target: 'lead' },
  ],
};
