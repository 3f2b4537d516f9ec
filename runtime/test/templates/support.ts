/**
 * Test support for the bundled templates: a server with the plugins their documents use, and a
 * tenant with a template's whole document applied (its requirements first). Their scenarios run
 * through the SDK's runner (templates/test/scenarios.test.ts).
 */
import path from 'node:path';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { listTemplates, readTemplatePackage } from '../../../templates/index.js';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createAssignmentPlugin } from '../../src/assignment/index.ts';
import { createCollaborationPlugin } from '../../src/collaboration/index.ts';
import { createConversionsPlugin } from '../../src/conversions/index.ts';
import { createPoolsPlugin } from '../../src/pools/index.ts';
import { createReactivationPlugin } from '../../src/reactivation/index.ts';
import { createScoringPlugin } from '../../src/scoring/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';

export const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../../../templates');

/** A server on the test clock with the plugins the bundled templates' documents use. */
export async function startTemplateServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  for (const plugin of [createWorkflowsPlugin(), createApprovalsPlugin(), createPoolsPlugin(), createAssignmentPlugin(), createScoringPlugin(), createReactivationPlugin(), createConversionsPlugin(), createCollaborationPlugin()]) {
    await server.platform.plugins.install(plugin);
  }
  return server;
}

export interface TemplateTenant {
  id: string;
  adminId: string;
  apiKey: string;
  api: (q: string, v?: Record<string, unknown>, key?: string) => Promise<any>;
  raw: (q: string, v?: Record<string, unknown>, key?: string) => Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }>;
  meta: (q: string, v?: Record<string, unknown>) => Promise<any>;
}

/** The template's name and every template it requires, requirements first. */
export function withRequirements(name: string): string[] {
  const all = listTemplates();
  const out: string[] = [];
  const visit = (n: string) => {
    if (out.includes(n)) return;
    for (const r of all.find((t) => t.name === n)!.requires ?? []) visit(r);
    out.push(n);
  };
  visit(name);
  return out;
}

/** A fresh tenant with the template's whole document (readTemplatePackage) applied, its requirements first. */
export async function templateTenant(server: RunningServer, name: string): Promise<TemplateTenant> {
  const created = await newTenant(server, name.replace(/[^a-z0-9]/g, '').slice(0, 8));
  const metaRaw = metadataClient(server, created.apiKey);
  const meta = async (q: string, v?: Record<string, unknown>) => ok(await metaRaw(q, v));
  for (const template of withRequirements(name)) await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: readTemplatePackage(template) });
  const raw = (q: string, v?: Record<string, unknown>, key = created.apiKey) => gql(server, '/graphql', key, q, v);
  return { id: created.tenant.id, adminId: created.admin.id, apiKey: created.apiKey, raw, api: async (q, v, key) => ok(await raw(q, v, key)), meta };
}

/** Applies a whole document to the tenant (a template release, a subscriber's change). */
export async function applyDocument(t: TemplateTenant, document: unknown): Promise<void> {
  await t.meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: document });
}
