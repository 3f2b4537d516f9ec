import { expect } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';

export { ok };

/** A server on the test clock with the workflows plugin. */
export async function startWorkflowServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createWorkflowsPlugin());
  return server;
}

export const LEAD = {
  name: 'lead',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'status', type: 'select', options: [{ value: 'New' }, { value: 'Qualified' }, { value: 'Lost' }] },
    { name: 'assignedAt', type: 'dateTime' },
    { name: 'firstFollowUpAt', type: 'dateTime' },
    { name: 'overdue', type: 'boolean' },
    { name: 'touches', type: 'integer' },
  ],
};
export const TASK = { name: 'task', fields: [{ name: 'subject', type: 'text', required: true }, { name: 'lead', type: 'lookup', target: 'lead' }] };

export interface WfTenant {
  id: string;
  adminId: string;
  apiKey: string;
  api: (q: string, v?: Record<string, unknown>) => Promise<any>;
  meta: (q: string, v?: Record<string, unknown>) => Promise<any>;
  apply: (document: Record<string, unknown>) => Promise<any>;
  setClock: (at: string) => Promise<void>;
  advance: (by: string) => Promise<void>;
  runs: (workflow?: string, status?: string) => Promise<any[]>;
  /** Waits (real time) until `check` holds: for work outside the clock (retries' backoff). */
  until: <T>(check: () => Promise<T | undefined | false>, timeoutMs?: number) => Promise<T>;
}

export async function wfTenant(server: RunningServer, objects: unknown[] = [LEAD, TASK]): Promise<WfTenant> {
  const created = await newTenant(server, 'wf');
  const meta = metadataClient(server, created.apiKey);
  const api = async (q: string, v?: Record<string, unknown>) => ok(await gql(server, '/graphql', created.apiKey, q, v));
  const apply = async (document: Record<string, unknown>) => ok(await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: document }));
  await apply({ objects });
  return {
    id: created.tenant.id, adminId: created.admin.id, apiKey: created.apiKey, api, meta: async (q, v) => ok(await meta(q, v)), apply,
    setClock: async (at) => { ok(await meta('mutation($at: DateTime!) { setClock(at: $at) { now } }', { at })); },
    advance: async (by) => { ok(await meta('mutation($by: String!) { advanceClock(by: $by) { now } }', { by })); },
    runs: async (workflow, status) => (await api('query($w: String, $s: String) { workflowRuns(workflow: $w, status: $s) }', { w: workflow ?? null, s: status ?? null })).workflowRuns,
    async until(check, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value) return value as never;
        if (Date.now() > end) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}

export function expectNoErrors(res: { errors?: unknown }): void {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
}
