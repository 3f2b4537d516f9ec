import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { compileScript } from '../src/index.ts';
import { startRuntimeServer, tenant, type Tenant } from './support.ts';

let server: RunningServer;
let t: Tenant;
let types: string;
beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server);
  const res = await t.meta('{ scriptTypes }');
  expect(res.errors).toBeUndefined();
  types = res.data.scriptTypes;
});
afterAll(() => server?.close());

const check = async (source: string) => (await compileScript({ name: 'probe', language: 'TS', source, types })).diagnostics.filter((d) => d.severity === 'error');

describe('script types (scriptTypes on /metadata)', () => {
  it('declares an interface per object with fields typed from their value schemas, and ctx', () => {
    expect(types).toContain('interface Lead {');
    expect(types).toMatch(/"name": string;/);
    expect(types).toMatch(/"status": "New" \| "Qualified" \| "Converted" \| null;/);
    expect(types).toMatch(/"score": number \| null;/);
    expect(types).toMatch(/interface TesseraObjects \{\n {2}"account": Account;\n {2}"lead": Lead;\n {2}"task": Task;\n\}/);
    for (const api of ['records: R[]', 'old: R[]', 'now(): Date', 'log(', 'get<K', 'find<K', 'create<K', 'update<K', 'delete<K', 'aggregate<K', 'addError(']) expect(types).toContain(api);
  });

  it('type-checks a script against the tenant: known fields pass, unknown fields and wrong values fail at their line', async () => {
    expect(await check(`export const triggers = {
  lead: {
    async beforeCreate(ctx) {
      for (const r of ctx.records) if ((r.score ?? 0) > 90) r.status = 'Qualified';
      const account = await ctx.db.get('account', 'x');
      ctx.log(account?.name.toUpperCase());
    },
  },
};`)).toEqual([]);
    const errors = await check(`export const triggers = {
  lead: {
    beforeCreate(ctx) {
      ctx.records[0].scor = 1;
      ctx.records[0].status = 'Lost';
    },
  },
};`);
    expect(errors.map((e) => e.line)).toEqual([4, 5]);
    expect(errors[0].message).toContain("Property 'scor' does not exist on type 'Lead'");
    expect(errors[1].message).toContain('"Lost"');
    const created = await check(`export const actions = { task: { close: { async run(ctx) { await ctx.db.create('task', { subject: 1 }); } } } };`);
    expect(created[0]?.message).toContain("Type 'number' is not assignable to type 'string'");
  });

  it('checks saved scripts against the tenant types (saveScript shows the diagnostic at its line)', async () => {
    const saved = await t.save('typed', `export const triggers = {\n  lead: {\n    beforeUpdate(ctx) {\n      ctx.records[0].nmae = 'x';\n    },\n  },\n};\n`);
    expect(saved.active).toBe(false);
    expect(saved.diagnostics).toEqual([expect.objectContaining({ line: 4, severity: 'error', message: expect.stringContaining("'nmae' does not exist on type 'Lead'") })]);
    const fixed = await t.save('typed', `export const triggers = {\n  lead: {\n    beforeUpdate(ctx) {\n      ctx.records[0].name = 'x';\n    },\n  },\n};\n`);
    expect(fixed.active).toBe(true);
  });

  it('stays generic without a tenant: any object, loose records', async () => {
    const generic = (await compileScript({ name: 'g', language: 'TS', source: `export const triggers = { anything: { beforeCreate(ctx) { ctx.records[0].whatever = 1; } } };` })).diagnostics;
    expect(generic.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
