import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Duplicate rules meet scripts: the check runs after before-triggers (it sees the values they
 * set), and scripts' ctx.db writes are checked like any other, with `{allowDuplicates: true}` as
 * their write option.
 */
let server: RunningServer;
let t: Tenant;

const DOCUMENT = {
  objects: [{ name: 'lead', fields: [{ name: 'name', type: 'text', required: true }, { name: 'phone', type: 'phone' }, { name: 'code', type: 'text' }] }],
  duplicateRules: [
    { name: 'samePhone', object: 'lead', action: 'BLOCK', match: { field: 'phone', match: 'normalized', countryCode: '86' } },
    { name: 'sameName', object: 'lead', action: 'WARN', match: { field: 'name', match: 'fuzzy', threshold: 0.6 } },
  ],
};

const create = (data: Record<string, unknown>) => t.api(`mutation($d: LeadCreateInput!) { createLead(data: $d) { id phone } }`, { d: data });

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, DOCUMENT);
});
afterAll(async () => { await server?.close(); });

describe('duplicate rules and scripts', () => {
  it('sees what before-triggers set: a phone a trigger derives is checked', async () => {
    await activate(t, 'derive', `export const triggers = { lead: { beforeCreate(ctx) { for (const r of ctx.records) if (r.code && !r.phone) r.phone = '+86 ' + r.code; } } };`);
    const first = await create({ name: '王伟', code: '13800001111' });
    expect(first.errors).toBeUndefined();
    expect(first.data.createLead.phone).toBe('+86 13800001111');
    const second = await create({ name: '李娜', code: '138-0000-1111' });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', duplicates: [{ rule: 'samePhone', id: first.data.createLead.id, fields: ['phone'] }] });
    await t.meta('mutation { deleteScript(name: "derive") }');
  });

  it('checks ctx.db writes of actions; {allowDuplicates: true} lifts WARN rules only; a caught refusal keeps nothing', async () => {
    await activate(t, 'clone', `
export const actions = {
  lead: {
    clone: {
      async run(ctx, args) {
        const input = (args.input ?? {}) as { phone?: string; allow?: boolean };
        try {
          const copy = await ctx.db.create('lead', { name: ctx.record.name, phone: input.phone }, input.allow ? { allowDuplicates: true } : undefined);
          return { id: copy.id };
        } catch (e: any) {
          return { error: e.message };
        }
      },
    },
  },
};`);
    const source = (await create({ name: '诸葛孔明', phone: '13900002222' })).data.createLead.id;
    const clone = (input: Record<string, unknown>) => t.api(`mutation($id: ID!, $i: JSON) { leadClone(id: $id, input: $i) }`, { id: source, i: input });
    // The script sees the refusal as any ctx.db error: `CODE: message`, the message naming the rule and the record.
    expect((await clone({ phone: '13900003333' })).data.leadClone.error).toBe(`CONFLICT: Possible duplicate: the lead at /data matches lead ${source} by the rule sameName; save with allowDuplicates: true to keep both`);
    expect((await clone({ phone: '+86 139 0000 2222', allow: true })).data.leadClone.error).toMatch(/^CONFLICT: Duplicate: .* by the rule samePhone$/);
    // Caught by the script, the refused write left nothing behind (its savepoint was rolled back), though the action committed.
    expect((await t.sql(`select count(*)::int as n from "${(await t.sql('select schema_name from tessera.tenants where id = $1', [t.id]))[0].schema_name}"."lead" where name = '诸葛孔明'`))[0].n).toBe(1);
    const kept = await clone({ phone: '13900003333', allow: true });
    expect(kept.errors).toBeUndefined();
    expect(kept.data.leadClone.id).toBeTruthy();
  });

  it('refuses malformed write options', async () => {
    await activate(t, 'badOptions', `
export const actions = { lead: { bad: { async run(ctx) { await ctx.db.create('lead', { name: 'x' }, { allowDuplicates: 'yes' } as never); return null; } } } };`);
    const lead = (await create({ name: 'Options Test' })).data.createLead.id;
    const res = await t.api(`mutation($id: ID!) { leadBad(id: $id) }`, { id: lead });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'SCRIPT_ERROR', error: expect.stringMatching(/^BAD_USER_INPUT: allowDuplicates is a boolean/) });
  });
});
