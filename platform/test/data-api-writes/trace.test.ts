import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

let server: RunningServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server);
  key = t.apiKey;
  const res = await metadataClient(server, key)('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'lead', fields: [{ name: 'name', type: 'text', required: true }] }] } });
  expect(res.errors).toBeUndefined();
});
afterAll(async () => { await server?.close(); });

async function traced(query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-tessera-trace': '1' },
    body: JSON.stringify({ query, variables }),
  });
  return res.json() as Promise<{ data?: any; errors?: any[]; extensions?: { trace?: { steps: { step: string; object: string; records: number; ms: number; queries: number; ids?: string[] }[]; totalMs: number } } }>;
}

describe('x-tessera-trace', () => {
  it('lists the pipeline steps of a write, in the documented order, with records, time and statements', async () => {
    const res = await traced('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: [{ name: 'a' }, { name: 'b' }] });
    expect(res.errors).toBeUndefined();
    const steps = res.extensions!.trace!.steps;
    const names = steps.map((s) => s.step);
    expect(names[0]).toBe('create.validate');
    expect(names).toContain('create.write');
    expect(names.indexOf('create.permissions')).toBeLessThan(names.indexOf('create.write'));
    expect(names.indexOf('create.write')).toBeLessThan(names.indexOf('create.audit'));
    const write = steps.find((s) => s.step === 'create.write')!;
    expect(write).toMatchObject({ object: 'lead', records: 2 });
    expect(write.queries).toBeGreaterThanOrEqual(1);
    expect(write.ids).toEqual(res.data.createLeads.map((l: { id: string }) => l.id));
    for (const s of steps) expect(s.ms).toBeGreaterThanOrEqual(0);
  });

  it('traces reads, and answers no trace unless asked', async () => {
    const res = await traced('{ leads { nodes { name } } }');
    expect(res.extensions!.trace!.steps).toEqual([expect.objectContaining({ step: 'read', object: 'leads', queries: 1 })]);
    const plain = await gql(server, '/graphql', key, '{ leads { nodes { name } } }');
    expect((plain as { extensions?: unknown }).extensions).toBeUndefined();
  });

  it('keeps the trace of a failed write in the failures log that admins query', async () => {
    const res = await traced('mutation { createLead(data: {name: "x", id: "01900000-0000-7000-8000-000000000001"}) { id } }');
    expect(res.errors).toBeUndefined();
    const again = await traced('mutation { createLead(data: {name: "y", id: "01900000-0000-7000-8000-000000000001"}) { id } }');
    expect(again.errors?.[0].extensions?.code).toBeDefined();
    const { rows } = await server.platform.pool.query("select code, message, trace from tessera.script_failures where message like 'createLead:%' order by at desc limit 1");
    expect(rows[0].trace.map((s: { step: string }) => s.step)).toContain('create.validate');
  });
});
