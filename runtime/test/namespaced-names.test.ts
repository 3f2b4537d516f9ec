import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NAME_PATTERN, type RunningServer } from '@tessera/platform';
import { createApprovalsPlugin } from '../src/approvals/index.ts';
import { createWorkflowsPlugin } from '../src/workflows/index.ts';
import { startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * The runtime's kinds (workflows, approvals, pools…) spell an API name with the platform's one
 * pattern (schema-parts.ts): they take namespaced names (`k12__lesson`) and refuse the bad forms.
 */
let server: RunningServer;
let t: Tenant;
const APPLY = 'mutation($d: JSON!) { applyMetadata(document: $d) { applied } }';

beforeAll(async () => {
  server = await startRuntimeServer();
  await server.platform.plugins.install(createWorkflowsPlugin());
  await server.platform.plugins.install(createApprovalsPlugin());
  t = await tenant(server, { objects: [{ name: 'k12__lesson', fields: [{ name: 'title', type: 'text' }, { name: 'k12__hours', type: 'number' }] }] });
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('namespaced names in the runtime kinds', () => {
  it('publishes the platform pattern, composed where a path is allowed', async () => {
    const text = await (await fetch(`${server.url}/metadata/schema`)).text();
    expect(text).not.toContain('[a-z][a-zA-Z0-9]{0,62}');
    const schemas = (JSON.parse(text) as { schemas: { $id: string }[] }).schemas;
    const workflow = schemas.find((s) => s.$id.includes('workflow')) as { properties: Record<string, { pattern?: string }> } | undefined;
    expect(workflow?.properties.object.pattern).toBe(API_NAME_PATTERN);
    // An approval's approver field: a user field, or lookup.userField (the name composed twice).
    const approver = [...text.matchAll(/"pattern":"(\^\(\?=[^"]*\\\\\.[^"]*)"/g)].map((m) => new RegExp(JSON.parse(`"${m[1]}"`))).filter((r) => r.source.endsWith(")?$"));
    expect(approver.length).toBeGreaterThan(0);
    for (const ok of ['coach', 'k12__coach', 'k12__teacher.k12__coach', 'teacher.owner']) expect(approver.some((r) => r.test(ok)), ok).toBe(true);
    for (const bad of ['k12___coach', 'k12__teacher.', 'k12__teacher.k12__', 'a.b.c']) expect(approver.every((r) => !r.test(bad)), bad).toBe(true);
  });

  it('takes a workflow on a namespaced object with a namespaced name', async () => {
    const res = await t.meta(APPLY, { d: { workflows: [{ name: 'k12__double', object: 'k12__lesson', trigger: { type: 'record', on: ['create'] }, steps: [{ id: 'x', type: 'update', data: { k12__hours: { expr: 'k12__hours * 2' } } }] }] } });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const doc = (await t.meta('{ document }')).data!.document;
    expect(doc.workflows).toEqual([expect.objectContaining({ name: 'k12__double', object: 'k12__lesson' })]);
  });

  it('refuses the bad forms with their pointers', async () => {
    const res = await t.meta(APPLY, { d: { workflows: [{ name: 'k12__', object: 'k12___lesson', trigger: { type: 'record', on: ['create'] }, steps: [] }] } });
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = (res.errors![0].extensions!.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/workflows/0/name', '/workflows/0/object']));
  });
});
