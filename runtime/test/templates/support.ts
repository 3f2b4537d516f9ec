import { expect } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { listTemplates, readTemplatePackage } from '../../../templates/index.js';
import { createPlugin as createScriptRuntime } from '../../src/index.ts';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createAssignmentPlugin } from '../../src/assignment/index.ts';
import { createCollaborationPlugin } from '../../src/collaboration/index.ts';
import { createConversionsPlugin } from '../../src/conversions/index.ts';
import { createPoolsPlugin } from '../../src/pools/index.ts';
import { createReactivationPlugin } from '../../src/reactivation/index.ts';
import { createScoringPlugin } from '../../src/scoring/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';

/**
 * A server on the test clock with the plugins the templates' documents use, and tenants with a
 * template applied: its whole document (readTemplatePackage) after those it requires, or installed
 * by the install engine with its sample data. The templates' scenarios run through the SDK's runner
 * (sdk/test/templates/*.test.ts); these are for what scenarios cannot state (dashboards' figures).
 */

export async function startTemplateServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  for (const plugin of [createScriptRuntime(), createWorkflowsPlugin(), createApprovalsPlugin(), createPoolsPlugin(), createAssignmentPlugin(), createScoringPlugin(), createReactivationPlugin(), createConversionsPlugin(), createCollaborationPlugin()]) {
    await server.platform.plugins.install(plugin);
  }
  return server;
}

export interface TemplateTenant {
  id: string;
  adminId: string;
  meta: (q: string, v?: Record<string, unknown>) => Promise<any>;
  /** /graphql as the admin: the raw answer, errors included. */
  raw: (q: string, v?: Record<string, unknown>) => Promise<any>;
}

/** A fresh tenant with the template's whole document and those of the templates it requires, in order. */
export async function installTemplate(server: RunningServer, name: string): Promise<TemplateTenant> {
  const created = await newTenant(server, 'tpl');
  const md = metadataClient(server, created.apiKey);
  const meta = async (q: string, v?: Record<string, unknown>) => ok(await md(q, v));
  const chain: string[] = [];
  const visit = (n: string) => { const t = listTemplates().find((x) => x.name === n)!; for (const r of t.requires ?? []) visit(r); if (!chain.includes(n)) chain.push(n); };
  visit(name);
  for (const template of chain) await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: readTemplatePackage(template) });
  return { id: created.tenant.id, adminId: created.admin.id, meta, raw: (q, v) => gql(server, '/graphql', created.apiKey, q, v) };
}

/**
 * A fresh tenant with the template installed by the install engine (`installPackage`, crm-core
 * first) and its sample data loaded (`installSampleData`: through the save pipeline, `@admin` the
 * caller); answers the records created.
 */
export async function installWithSampleData(server: RunningServer, name: string): Promise<{ tenant: TemplateTenant; records: number }> {
  const created = await newTenant(server, 'tpl');
  const md = metadataClient(server, created.apiKey);
  const meta = async (q: string, v?: Record<string, unknown>) => ok(await md(q, v));
  await meta('mutation($n: String!) { installPackage(name: $n) { applied } }', { n: name });
  const records = (await meta('mutation($n: String!) { installSampleData(package: $n) }', { n: name })).installSampleData as number;
  return { tenant: { id: created.tenant.id, adminId: created.admin.id, meta, raw: (q, v) => gql(server, '/graphql', created.apiKey, q, v) }, records };
}

/** A tenant's clients as the crm-core and K12 tests use them: /graphql as the admin or another key, answers checked or raw. */
export interface TemplateClients {
  id: string;
  adminId: string;
  apiKey: string;
  api: (q: string, v?: Record<string, unknown>, key?: string) => Promise<any>;
  raw: (q: string, v?: Record<string, unknown>, key?: string) => Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }>;
  meta: (q: string, v?: Record<string, unknown>) => Promise<any>;
}

/** A fresh tenant with the template installed by the install engine (installPackage: its requirements first, components owned). */
export async function installedTenant(server: RunningServer, name: string): Promise<TemplateClients> {
  const created = await newTenant(server, name.replace(/[^a-z0-9]/g, '').slice(0, 8));
  const metaRaw = metadataClient(server, created.apiKey);
  const meta = async (q: string, v?: Record<string, unknown>) => ok(await metaRaw(q, v));
  await meta('mutation($n: String!) { installPackage(name: $n) { applied } }', { n: name });
  const raw = (q: string, v?: Record<string, unknown>, key = created.apiKey) => gql(server, '/graphql', key, q, v);
  return { id: created.tenant.id, adminId: created.admin.id, apiKey: created.apiKey, raw, api: async (q, v, key) => ok(await raw(q, v, key)), meta };
}

/**
 * A template's whole document (readTemplatePackage) applied after those it requires: each of the
 * document keys named is there, and applying the document again plans no change.
 */
export async function expectWholeDocumentStable(server: RunningServer, name: string, keys: string[]): Promise<void> {
  const t = await installTemplate(server, name);
  const whole = readTemplatePackage(name) as Record<string, unknown[]>;
  for (const key of keys) expect(whole[key]?.length, key).toBeGreaterThan(0);
  const again = await t.meta('mutation($d: JSON!) { applyMetadata(document: $d, dryRun: true) { changes { kind action target } } }', { d: whole });
  expect(again.applyMetadata.changes).toEqual([]);
}
