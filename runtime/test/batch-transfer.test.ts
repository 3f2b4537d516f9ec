import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * The batch a trigger gets goes into the isolate as columns and comes back as the cells it changed
 * (runtime/src/sandbox/batch-codec.ts, batch-decoder.ts). These check that the script sees exactly
 * what was sent and that every kind of change comes back, for small batches (built at once) and
 * large ones (built on first access).
 */
let server: RunningServer;
let t: Tenant;
beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, {
    objects: [{ name: 'deal', fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'amount', type: 'number' },
      { name: 'won', type: 'boolean' },
      { name: 'tags', type: 'multiSelect', options: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] },
      { name: 'price', type: 'currency' },
      { name: 'extra', type: 'json' },
      { name: 'note', type: 'longText' },
    ] }],
  });
});
afterAll(async () => { await server?.close(); });

const SELECT = 'id title amount won tags price { amount currency } extra note';
async function createDeals(data: Record<string, unknown>[]) {
  return t.api(`mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { ${SELECT} } }`, { d: data });
}
async function withTrigger<T>(name: string, body: string, work: () => Promise<T>): Promise<T> {
  await activate(t, name, `export const triggers = { deal: { beforeCreate(ctx: any) {\n${body}\n} } };`);
  try {
    return await work();
  } finally {
    await t.meta(`mutation { deleteScript(name: "${name}") }`);
  }
}

/** Records of every kind of value: absent fields, nulls, odd strings, floats, objects. */
function mixed(n: number): Record<string, unknown>[] {
  const strings = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab', 'émoji 🎉 and ﬁ', 'x'.repeat(200)];
  return Array.from({ length: n }, (_, i) => {
    const r: Record<string, unknown> = { title: strings[i % strings.length] + i };
    if (i % 3 !== 0) r.amount = i % 2 ? i * 1.25 : -i;
    if (i % 4 === 1) r.amount = null;
    if (i % 5 !== 0) r.won = i % 2 === 0;
    if (i % 6 === 2) r.won = null;
    if (i % 2) r.tags = i % 4 === 1 ? ['a', 'c'] : [];
    if (i % 7 === 3) r.tags = null;
    if (i % 3 === 1) r.price = { amount: i + 0.5, currency: 'EUR' };
    if (i % 5 === 4) r.extra = { nested: { list: [1, 'two', null, true], i }, s: strings[i % strings.length] };
    if (i % 11 === 5) r.extra = 'just a string';
    return r;
  });
}

describe('what a before-trigger sees', () => {
  for (const n of [3, 150]) {
    it(`every value as sent, with the record's id (batch of ${n})`, async () => {
      const sent = mixed(n);
      const res = await withTrigger(`echo${n}`, `for (const r of ctx.records) r.note = JSON.stringify(r);`, () => createDeals(sent));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const got = res.data.createDeals as Record<string, any>[];
      expect(got).toHaveLength(n);
      got.forEach((deal, i) => {
        const seen = JSON.parse(deal.note);
        expect(seen, `record ${i}`).toEqual({ ...sent[i], id: deal.id });
      });
    });
  }

  it('a dense batch (every field present) as sent, and ctx.old empty on create', async () => {
    const sent = Array.from({ length: 120 }, (_, i) => ({ title: `t${i}`, amount: i / 3, won: i % 2 === 0, tags: ['b'], price: { amount: i, currency: 'USD' }, extra: [i], note: 'n' }));
    const res = await withTrigger('dense', `ctx.records.forEach((r: any, i: number) => { r.note = JSON.stringify([r, ctx.old.length]); });`, () => createDeals(sent));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    res.data.createDeals.forEach((deal: any, i: number) => expect(JSON.parse(deal.note)).toEqual([{ ...sent[i], id: deal.id }, 0]));
  });
});

describe('what comes back', () => {
  for (const n of [8, 100]) {
    it(`in-place changes to objects, removals, replaced records and non-JSON values (batch of ${n})`, async () => {
      const sent = Array.from({ length: n }, (_, i) => ({ title: `d${i}`, amount: 10, won: true, tags: ['a'], price: { amount: 1, currency: 'EUR' }, extra: { k: [1] }, note: 'keep' }));
      const res = await withTrigger(`changes${n}`, `
const r = ctx.records;
r[0].tags.push('c');
delete r[1].amount;
r[2].price.amount = 5;
r[3] = { title: 'replaced', note: 'new object' };
r[4].won = undefined;
r[5].note = new Date(0);
r[6].extra.k.push({ deep: true });
r[7].amount = NaN;
r[7].note = (() => 1) as any;
if (r.length > 8) { const last = r[r.length - 1]; delete last.note; last.note = 'moved to the end'; last.title = 'reordered'; }`, () => createDeals(sent));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const got = res.data.createDeals;
      const base = { title: expect.any(String), amount: 10, won: true, tags: ['a'], price: { amount: 1, currency: 'EUR' }, extra: { k: [1] }, note: 'keep' };
      expect(got[0]).toMatchObject({ ...base, tags: ['a', 'c'] });
      expect(got[1]).toMatchObject({ ...base, amount: null });
      expect(got[2]).toMatchObject({ ...base, price: { amount: 5, currency: 'EUR' } });
      expect(got[3]).toMatchObject({ title: 'replaced', note: 'new object', amount: null, won: null, tags: null, price: null, extra: null });
      expect(got[4]).toMatchObject({ ...base, won: null });
      expect(got[5]).toMatchObject({ ...base, note: '1970-01-01T00:00:00.000Z' });
      expect(got[6]).toMatchObject({ ...base, extra: { k: [1, { deep: true }] } });
      // JSON semantics: NaN becomes null, a function is no value at all.
      expect(got[7]).toMatchObject({ ...base, amount: null, note: null });
      if (n > 8) {
        expect(got[n - 1]).toMatchObject({ ...base, title: 'reordered', note: 'moved to the end' });
        for (let i = 8; i < n - 1; i++) expect(got[i]).toMatchObject({ ...base, title: `d${i}` });
      }
    });
  }

  it('ctx.records replaced by an array of copies is compared like the original', async () => {
    const res = await withTrigger('copies', `ctx.records = ctx.records.map((r: any, i: number) => ({ ...r, note: 'copy ' + i }));`, () => createDeals(mixed(70)));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    res.data.createDeals.forEach((d: any, i: number) => expect(d.note).toBe(`copy ${i}`));
  });

  it('a trigger that does not touch ctx.records changes nothing', async () => {
    const sent = mixed(80);
    const res = await withTrigger('untouched', `ctx.log(ctx.object);`, () => createDeals(sent));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    res.data.createDeals.forEach((d: any, i: number) => expect(d.title).toBe(sent[i].title));
  });

  it('removed required fields, unknown fields and invalid values are refused with their pointers, in record order', async () => {
    const res = await withTrigger('invalid', `
const r = ctx.records;
r[2].amount = 'not a number';
delete r[1].title;
r[0].hacked = true;
(r[3] as any)['__proto__'] = { polluted: true };
r[4].id = 'changing the id is ignored';`, () => createDeals(mixed(5)));
    expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0].extensions?.errors.map((e: any) => [e.pointer, e.message])).toEqual([
      ['/data/0/hacked', 'is not a field of this object'],
      ['/data/1/title', 'is required'],
      ['/data/2/amount', expect.stringMatching(/^must be/)],
    ]);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('a second before-trigger sees the changes of the first', async () => {
    await activate(t, 'a-first', `export const triggers = { deal: { beforeCreate(ctx: any) { for (const r of ctx.records) r.amount = (r.amount ?? 0) + 100; } } };`);
    try {
      const res = await withTrigger('b-second', `for (const r of ctx.records) r.note = 'saw ' + r.amount;`, () => createDeals([{ title: 'x', amount: 1 }, { title: 'y' }]));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.createDeals.map((d: any) => [d.amount, d.note])).toEqual([[101, 'saw 101'], [100, 'saw 100']]);
    } finally {
      await t.meta('mutation { deleteScript(name: "a-first") }');
    }
  });

  it('on a bulk update, ctx.old holds each record\'s old values, in the order of ctx.records', async () => {
    const created = await createDeals(Array.from({ length: 70 }, (_, i) => ({ title: `u${i}`, amount: i })));
    expect(created.errors).toBeUndefined();
    await activate(t, 'olds', `export const triggers = { deal: { beforeUpdate(ctx: any) {
  ctx.records.forEach((r: any, i: number) => {
    const o = ctx.old[i];
    if (o.id !== r.id || o.title !== 'u' + o.amount || o.won !== null || r.won !== true) ctx.addError(i, 'title', 'old ' + JSON.stringify(o) + ' new ' + JSON.stringify(r));
    r.note = 'bulk';
  });
} } };`);
    try {
      const res = await t.api(`mutation { updateDeals(filter: {title: {startsWith: "u"}}, data: {won: true}) { count } }`);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.updateDeals.count).toBe(70);
      const read = await t.api(`{ deals(filter: {title: {startsWith: "u"}}, first: 100) { nodes { note won } } }`);
      expect(read.data.deals.nodes).toHaveLength(70);
      for (const d of read.data.deals.nodes) expect(d).toEqual({ note: 'bulk', won: true });
    } finally {
      await t.meta('mutation { deleteScript(name: "olds") }');
    }
  });
});
