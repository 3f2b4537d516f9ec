import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugins } from '../../platform/src/server/plugins.ts';
import { readConfig } from '../../platform/src/config/config.ts';
import { startServer, type RunningServer } from '../../platform/src/server/start.ts';
import { gql, newTenant, testDatabaseUrl } from '../../platform/test/support/server.ts';
import { ok } from '../../platform/test/kernel/support.ts';

/**
 * `npm start` composes the script runtime, workflows, approvals and the CRM plugins (pools, dispatch
 * and assignment, scoring, reactivation, conversions, collaboration, web forms: TESSERA_PLUGINS' default): on a
 * fresh database their tables are made, and a tenant without workflows sees the contract's root
 * fields but no `<object>RunWorkflow` mutation.
 */
let server: RunningServer;

beforeAll(async () => {
  const name = `tessera_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(testDatabaseUrl());
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: url.toString() };
  server = await startServer(config, { demoTenant: false, plugins: await loadPlugins({}) });
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('the default plugins', () => {
  it('are the script runtime, workflows, approvals and the CRM plugins; their tables are made and their API answers', async () => {
    expect((await loadPlugins({})).map((p) => p.name)).toEqual(['scripts', 'workflows', 'approvals', 'pools', 'assignment', 'scoring', 'reactivation', 'conversions', 'collaboration', 'exports', 'webhooks', 'imports', 'webforms']);
    expect((await loadPlugins({ TESSERA_PLUGINS: '@tessera/runtime' })).map((p) => p.name)).toEqual(['scripts']);
    const { rows } = await server.platform.pool.query("select table_name from information_schema.tables where table_schema = 'tessera' and table_name in ('workflow_versions', 'approval_flow_versions') order by 1");
    expect(rows.map((r) => r.table_name)).toEqual(['approval_flow_versions', 'workflow_versions']);
    const t = await newTenant(server, 'defaults');
    const api = async (q: string) => ok(await gql(server, '/graphql', t.apiKey, q));
    expect(await api('{ workflowRuns myApprovalTasks(status: "pending") notifications }')).toEqual({ workflowRuns: [], myApprovalTasks: [], notifications: { unread: 0, nodes: [] } });
    expect(await api('{ poolDefinitions assignmentRuleDefinitions scoringRules reactivations conversions }')).toEqual({ poolDefinitions: [], assignmentRuleDefinitions: { assignmentRules: [], dispatchRules: [] }, scoringRules: [], reactivations: [], conversions: [] });
    const mutations = (await api('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations).toContain('submitForApproval');
    expect(mutations.filter((n: string) => n.endsWith('RunWorkflow'))).toEqual([]);
  });
});
