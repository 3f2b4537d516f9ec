import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Scripts and auto-numbers (issue 13, item 6; the platform's side: platform/test/field-types-auto-number.test.ts):
 * records a script creates through `ctx.db` get their numbers, after-triggers see them, and a
 * script can no more write one than a client can — neither through ctx.db nor from a before-trigger.
 */
let server: RunningServer;
let t: Tenant;

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, {
    objects: [
      { name: 'invoice', fields: [{ name: 'title', type: 'text' }, { name: 'code', type: 'autoNumber', format: 'INV-{0000}' }] },
      { name: 'memo', fields: [{ name: 'text', type: 'text' }] },
    ],
  });
  await activate(t, 'invoices', `
export const triggers = {
  invoice: {
    async afterCreate(ctx) { for (const r of ctx.records) await ctx.db.create('memo', { text: 'numbered ' + r.code }); },
  },
};
export const actions = {
  invoice: {
    copy: { async run(ctx, args) { const copy = await ctx.db.create('invoice', { title: 'copy' }); return { code: copy.code }; } },
    renumber: { async run(ctx, args) { await ctx.db.update('invoice', args.id, { code: 'INV-9999' } as never); return null; } },
  },
};`);
});
afterAll(async () => { await server?.close(); });

describe('auto-numbers and scripts', () => {
  it('ctx.db.create gets the next number; an after-trigger sees the numbers', async () => {
    const first = await t.api('mutation { createInvoice(data: {title: "first"}) { id code } }');
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    expect(first.data.createInvoice.code).toBe('INV-0001');
    const copied = await t.api('mutation($id: ID!) { invoiceCopy(id: $id) }', { id: first.data.createInvoice.id });
    expect(copied.errors, JSON.stringify(copied.errors)).toBeUndefined();
    expect(copied.data.invoiceCopy).toEqual({ code: 'INV-0002' });
    const memos = await t.api('{ memos(orderBy: [{text: ASC}]) { nodes { text } } }');
    expect(memos.data.memos.nodes.map((n: { text: string }) => n.text)).toEqual(['numbered INV-0001', 'numbered INV-0002']);
  });

  it('ctx.db.update of the number is refused (VALIDATION_FAILED at its pointer, the action\'s SCRIPT_ERROR)', async () => {
    const id = (await t.api('{ invoices(first: 1) { nodes { id } } }')).data.invoices.nodes[0].id;
    const res = await t.api('mutation($id: ID!) { invoiceRenumber(id: $id) }', { id });
    // An action's failing ctx.db call is the script's error, naming the platform's refusal.
    expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('SCRIPT_ERROR');
    expect(res.errors?.[0].extensions?.error).toBe('VALIDATION_FAILED: Invalid invoice: /data/code is read-only: the platform assigns it');
  });

  it('a before-trigger setting the number is refused with the record\'s pointer, and nothing is written nor counted', async () => {
    const saved = await t.save('hostile', `
export const triggers = { invoice: { beforeCreate(ctx) { ctx.records.forEach((r) => { if (r.title === 'forged') r.code = 'INV-0001'; }); } } };`, 'JS');
    expect(saved.active, JSON.stringify(saved.diagnostics)).toBe(true);
    const res = await t.api('mutation { createInvoices(data: [{title: "fine"}, {title: "forged"}]) { code } }');
    expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0].extensions?.errors).toEqual([expect.objectContaining({ pointer: '/data/1/code' })]);
    const next = await t.api('mutation { createInvoice(data: {title: "next"}) { code } }');
    expect(next.data.createInvoice.code).toBe('INV-0003');
  });

  it('the script types mark the number readonly: a TypeScript trigger assigning it does not compile', async () => {
    const saved = await t.save('typed', `
export const triggers = { invoice: { beforeCreate(ctx) { for (const r of ctx.records) r.code = 'X'; } } };`);
    expect(saved.active).toBe(false);
    expect(saved.diagnostics.map((d) => d.message).join('\n')).toMatch(/read-only|readonly/);
  });
});
