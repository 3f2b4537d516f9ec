import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/index.ts';
import type { ManualClock } from '../src/clock/index.ts';
import { DEFAULT_LIMITS } from '../src/model/limits.ts';
import { createRecords, inTransaction, updateRecord } from '../src/operations/index.ts';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';
import { startIsolatedServer } from './kernel/support.ts';

/**
 * autoNumber (issue 13, item 6): numbers the platform gives each new record from a format such as
 * `INV-{YYYY}-{00000}`, gapless per tenant and field under concurrency (a rolled-back create gives
 * its numbers back), never reused after deletes, consecutive in input order within a batch, and
 * never written by a client or a script.
 */
let server: RunningServer;
let tenantId: string;
let schema: string;
let adminId: string;
let md: ReturnType<typeof metadataClient>;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;

const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const apply = (doc: unknown, dryRun = false) => md('mutation($d: JSON!, $dry: Boolean) { applyMetadata(document: $d, dryRun: $dry) { applied } }', { d: doc, dry: dryRun });
const invoice = (format: string, extra: Record<string, unknown>[] = []) => ({ name: 'invoice', fields: [{ name: 'title', type: 'text' }, { name: 'code', type: 'autoNumber', format }, ...extra] });

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'an');
  tenantId = tenant.tenant.id;
  schema = tenant.tenant.schema;
  adminId = tenant.admin.id;
  md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await apply({ objects: [invoice('INV-{00000}'), { name: 'ticket', fields: [{ name: 'title', type: 'text' }, { name: 'ref', type: 'autoNumber', format: 'T{0}' }] }] }));
});
afterAll(async () => { await server?.close(); });

const codes = async (object = 'invoice', field = 'code') =>
  (await server.platform.pool.query(`select ${field} as c from "${schema}"."${object}" order by "createdAt", id`)).rows.map((r) => r.c as string);
const numbersOf = (values: string[], prefix: string) => values.map((v) => Number(v.slice(prefix.length))).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function operation() {
  const model = (await server.platform.schemas.get(tenantId)).model;
  const principal = { tenantId, userId: adminId, via: 'api', settings: {} } as unknown as Principal;
  return { model, principal, ctx: (db: pg.PoolClient, maxBatchSize = DEFAULT_LIMITS.maxBatchSize) => ({ principal, model, limits: { ...DEFAULT_LIMITS, maxBatchSize }, db, via: 'import' as const, pipeline: server.platform.pipeline, depth: 0 }) };
}

describe('autoNumber: assigned on create', () => {
  it('numbers single and bulk creates in input order; the number is in no write input', async () => {
    const one = ok(await api('mutation { createInvoice(data: {title: "a"}) { code } }')).createInvoice;
    expect(one.code).toBe('INV-00001');
    const many = ok(await api('mutation($d: [InvoiceCreateInput!]!) { createInvoices(data: $d) { title code } }', { d: [{ title: 'b' }, { title: 'c' }, { title: 'd' }] })).createInvoices;
    expect(many).toEqual([{ title: 'b', code: 'INV-00002' }, { title: 'c', code: 'INV-00003' }, { title: 'd', code: 'INV-00004' }]);
    // GraphQL itself refuses the field: it is in neither input type.
    const given = await api('mutation { createInvoice(data: {title: "x", code: "INV-99999"}) { code } }');
    expect(given.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(given.errors?.[0].message).toMatch(/code/);
    const updated = await api('mutation { updateInvoices(filter: {title: {eq: "a"}}, data: {code: "X"}) { ids } }');
    expect(updated.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const types = ok(await api('{ c: __type(name: "InvoiceCreateInput") { inputFields { name } } u: __type(name: "InvoiceUpdateInput") { inputFields { name } } m: __type(name: "InvoiceMatchInput") { inputFields { name } } }'));
    expect(types.c.inputFields.map((f: { name: string }) => f.name)).not.toContain('code');
    expect(types.u.inputFields.map((f: { name: string }) => f.name)).not.toContain('code');
    expect(types.m.inputFields.map((f: { name: string }) => f.name)).toContain('code');
    // It reads, filters and sorts as text.
    const found = ok(await api('{ invoices(filter: {code: {in: ["INV-00003", "INV-00001"]}}, orderBy: [{code: DESC}]) { nodes { title } } }')).invoices.nodes;
    expect(found.map((n: { title: string }) => n.title)).toEqual(['c', 'a']);
  });

  it('refuses a number given to the verbs (imports, scripts\' ctx.db) with VALIDATION_FAILED and its pointer, on create and update', async () => {
    const { model, ctx } = await operation();
    const object = model.objects.get('invoice')!;
    await expect(inTransaction(server.platform.pool, 15_000, (db) => createRecords(ctx(db), object, [{ title: 'ok' }, { title: 'x', code: 'INV-00777' }])))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/data/1/code', message: expect.stringMatching(/read-only/) }] });
    const [id] = (await server.platform.pool.query(`select id from "${schema}".invoice limit 1`)).rows.map((r) => r.id as string);
    await expect(inTransaction(server.platform.pool, 15_000, (db) => updateRecord(ctx(db), object, id, { code: 'INV-00777' })))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/data/code' }] });
    expect(await codes()).not.toContain('INV-00777');
  });

  it('matches an upsert on the number (a read), and updates that record', async () => {
    const res = ok(await api('mutation { upsertInvoice(match: {code: "INV-00002"}, data: {title: "b2"}) { code title } }')).upsertInvoice;
    expect(res).toEqual({ code: 'INV-00002', title: 'b2' });
  });

  it('never reuses the number of a deleted record (nor of the last one)', async () => {
    const last = ok(await api('mutation { createInvoice(data: {title: "to delete"}) { id code } }')).createInvoice;
    ok(await api('mutation($id: ID!) { deleteInvoice(id: $id) { id } }', { id: last.id }));
    const next = ok(await api('mutation { createInvoice(data: {title: "after delete"}) { code } }')).createInvoice;
    expect(Number(next.code.slice(4))).toBe(Number(last.code.slice(4)) + 1);
    // Restored, the deleted record keeps its number, which no one else has.
    const restored = ok(await api('mutation($id: ID!) { restoreInvoice(id: $id) { code } }', { id: last.id })).restoreInvoice;
    expect(restored.code).toBe(last.code);
  });
});

describe('autoNumber under concurrency', () => {
  it('20 concurrent transactions × 50 creates, every 4th rolled back on purpose: numbers 1..750, no gap, no duplicate', async () => {
    const { model, ctx } = await operation();
    const object = model.objects.get('ticket')!;
    const started = Date.now();
    const results = await Promise.allSettled(range(0, 19).map((t) => inTransaction(server.platform.pool, 120_000, async (db) => {
      for (let i = 0; i < 50; i++) await createRecords(ctx(db), object, [{ title: `tx ${t} #${i}` }]);
      if (t % 4 === 3) throw new Error('rolled back on purpose');
    })));
    const elapsed = Date.now() - started;
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(Array(5).fill('rolled back on purpose'));
    const refs = await codes('ticket', 'ref');
    expect(refs).toHaveLength(750);
    expect(numbersOf(refs, 'T')).toEqual(range(1, 750));
    // Serialised per counter: each committed transaction's 50 numbers are one run.
    const byTx = new Map<string, number[]>();
    for (const row of (await server.platform.pool.query(`select title, ref from "${schema}".ticket`)).rows) {
      const tx = String(row.title).split(' #')[0];
      byTx.set(tx, [...(byTx.get(tx) ?? []), Number(String(row.ref).slice(1))]);
    }
    for (const numbers of byTx.values()) {
      numbers.sort((a, b) => a - b);
      expect(numbers.at(-1)! - numbers[0]).toBe(49);
    }
    console.log(`[autoNumber] 20 transactions × 50 creates (5 rolled back) in ${elapsed} ms`);
  });

  it('concurrent GraphQL requests, a third failing after their creates: the failed ones leave no gap', async () => {
    const before = numbersOf(await codes(), 'INV-').at(-1)!;
    const responses = await Promise.all(range(0, 29).map((i) => api(`mutation {
      a: createInvoices(data: [{title: "req ${i}"}, {title: "req ${i}"}]) { code }
      ${i % 3 === 0 ? `b: createInvoice(data: {title: "${'x'.repeat(300)}"}) { code }` : ''}
    }`)));
    const failed = responses.filter((r) => r.errors);
    expect(failed).toHaveLength(10);
    for (const r of failed) expect(r.errors![0].extensions?.code).toBe('VALIDATION_FAILED');
    const all = numbersOf(await codes(), 'INV-');
    expect(all.filter((n) => n > before)).toEqual(range(before + 1, before + 40));
    expect(new Set(all).size).toBe(all.length);
  });

  it('10,000 records in one bulk create get consecutive numbers in input order: one counter statement, one write (a COPY, the staged path)', async () => {
    const { model, ctx } = await operation();
    const object = model.objects.get('invoice')!;
    const before = numbersOf(await codes(), 'INV-').at(-1)!;
    const statements: string[] = [];
    const ids = await inTransaction(server.platform.pool, 120_000, async (db) => {
      const counting = new Proxy(db, {
        get(target, key) {
          if (key !== 'query') return Reflect.get(target, key).bind?.(target) ?? Reflect.get(target, key);
          return (text: string | { text: string }, ...rest: unknown[]) => {
            // A COPY is sent as a stream object carrying its statement.
            const sql = typeof text === 'string' ? text : text?.text;
            if (typeof sql === 'string' && /"_counters"|^(insert into|copy) "[^"]+"\."invoice"/.test(sql)) statements.push(sql.slice(0, 40));
            return (target.query as (...a: unknown[]) => unknown)(text, ...rest);
          };
        },
      }) as pg.PoolClient;
      return createRecords(ctx(counting, 10_000), object, range(1, 10_000).map((i) => ({ title: `bulk ${i}` })));
    });
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/^copy /);
    const { rows } = await server.platform.pool.query(`select id, title, code from "${schema}".invoice where id = any($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    ids.forEach((id, i) => {
      expect(byId.get(id)!.title).toBe(`bulk ${i + 1}`);
      expect(byId.get(id)!.code).toBe(`INV-${String(before + i + 1).padStart(5, '0')}`);
    });
  });
});

describe('autoNumber in a GraphQL bulk create', () => {
  it('10,000 records of one createInvoices get consecutive numbers in input order', async () => {
    const before = numbersOf(await codes(), 'INV-').at(-1)!;
    const res = await api('mutation($d: [InvoiceCreateInput!]!) { createInvoices(data: $d) { title code } }', { d: range(1, 10_000).map((i) => ({ title: `gql ${i}` })) });
    const created = ok(res).createInvoices as { title: string; code: string }[];
    expect(created).toHaveLength(10_000);
    created.forEach((r, i) => {
      expect(r.title).toBe(`gql ${i + 1}`);
      expect(r.code).toBe(`INV-${String(before + i + 1).padStart(5, '0')}`);
    });
  });
});

describe('autoNumber on an object with records', () => {
  it('numbers existing records in (createdAt, id) order when the field is added, deleted ones too; creates go on from there', async () => {
    ok(await apply({ objects: [{ name: 'order', fields: [{ name: 'title', type: 'text' }] }] }));
    // Two records share a createdAt: the id decides between them.
    await server.platform.pool.query(`insert into "${schema}"."order" (id, title, "createdAt", "deletedAt") values
      ('01900000-0000-7000-8000-000000000003', 'third', '2024-03-01T00:00:00Z', null),
      ('01900000-0000-7000-8000-000000000001', 'first', '2024-01-01T00:00:00Z', null),
      ('01900000-0000-7000-8000-000000000009', 'deleted', '2024-02-01T00:00:00Z', now()),
      ('01900000-0000-7000-8000-000000000002', 'second', '2024-03-01T00:00:00Z', null)`);
    ok(await apply({ objects: [{ name: 'order', fields: [{ name: 'title', type: 'text' }, { name: 'no', type: 'autoNumber', format: 'SO-{YYYY}-{000}' }] }] }));
    const { rows } = await server.platform.pool.query(`select title, no from "${schema}"."order" order by no`);
    // The counter restarts each year, by each record's createdAt.
    expect(rows).toEqual([
      { title: 'first', no: 'SO-2024-001' }, { title: 'deleted', no: 'SO-2024-002' }, { title: 'second', no: 'SO-2024-003' }, { title: 'third', no: 'SO-2024-004' },
    ]);
    const created = ok(await api('mutation { createOrder(data: {title: "new"}) { no } }')).createOrder;
    expect(created.no).toBe(`SO-${new Date().getUTCFullYear()}-001`);
    // NOT NULL and a unique index on the column.
    const { rows: meta } = await server.platform.pool.query(`select a.attnotnull, (select count(*) from pg_index i where i.indrelid = c.oid and i.indisunique and a.attnum = any(i.indkey)) as u
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = 'order' and a.attname = 'no'`, [schema]);
    expect(meta[0]).toEqual({ attnotnull: true, u: '1' });
  });

  it('numbers the records created while the field was deleted when it is restored, after the others', async () => {
    ok(await md('mutation { deleteField(object: "order", name: "no") { name } }'));
    ok(await api('mutation { createOrders(data: [{title: "while deleted 1"}, {title: "while deleted 2"}]) { id } }'));
    ok(await md('mutation { restoreField(object: "order", name: "no") { name } }'));
    // One statement created both (one createdAt): their ids order them.
    const { rows } = await server.platform.pool.query(`select no from "${schema}"."order" where title like 'while%' order by "createdAt", id`);
    const year = new Date().getUTCFullYear();
    expect(rows.map((r) => r.no)).toEqual([`SO-${year}-002`, `SO-${year}-003`]);
    expect(ok(await api('mutation { createOrder(data: {title: "after"}) { no } }')).createOrder.no).toBe(`SO-${year}-004`);
  });
});

describe('autoNumber formats', () => {
  const bad: [string, RegExp][] = [
    ['INV-{YYYY}', /no counter/],
    ['{000}-{00}', /exactly one/],
    ['{MM}-{000}', /\{MM\} needs \{YYYY\}/],
    ['{YYYY}{DD}-{0}', /\{DD\} needs \{MM\}/],
    ['A{Q}{000}', /\{Q\} at position 1 is not a token/],
    ['A{000', /never closed/],
    ['A}{000}', /closes no token/],
    [`{${'0'.repeat(19)}}`, /at most 18/],
  ];
  for (const [format, message] of bad) {
    it(`refuses ${format} with the pointer of the format`, async () => {
      const res = await apply({ objects: [{ name: 'bad', fields: [{ name: 'title', type: 'text' }, { name: 'code', type: 'autoNumber', format }] }] }, true);
      expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      const details = res.errors![0].extensions!.errors as { pointer: string; message: string }[];
      expect(details.find((d) => d.pointer === '/objects/0/fields/1/format')?.message, JSON.stringify(details)).toMatch(message);
    });
  }

  it('refuses a missing format, a required auto-number and a default, each with its pointer; is always unique', async () => {
    const missing = await apply({ objects: [{ name: 'bad', fields: [{ name: 'a', type: 'autoNumber' }] }] }, true);
    expect(missing.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect((missing.errors?.[0].extensions?.errors as { pointer: string }[]).map((d) => d.pointer)).toContain('/objects/0/fields/0/format');
    const res = await apply({ objects: [{ name: 'bad', fields: [{ name: 'b', type: 'autoNumber', format: '{0}', required: true }, { name: 'c', type: 'autoNumber', format: '{0}', defaultValue: 'x' }] }] }, true);
    const pointers = (res.errors?.[0].extensions?.errors as { pointer: string }[]).map((d) => d.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/objects/0/fields/0/required', '/objects/0/fields/1/defaultValue']));
    const field = ok(await md('{ object(name: "invoice") { fields { name unique format } } }')).object.fields.find((f: { name: string }) => f.name === 'code');
    expect(field).toEqual({ name: 'code', unique: true, format: 'INV-{00000}' });
  });
});

describe('autoNumber period tokens, with the test clock and the tenant time zone', () => {
  let clocked: RunningServer;
  let capi: (query: string) => Promise<GraphQLResponse>;
  beforeAll(async () => {
    clocked = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
    const tenant = await newTenant(clocked, 'anc');
    // Shanghai is UTC+8: its new year comes 8 hours before UTC's.
    await clocked.platform.pool.query(`update tessera.tenants set settings = settings || '{"timeZone": "Asia/Shanghai"}' where id = $1`, [tenant.tenant.id]);
    clocked.platform.auth.forget();
    const cmd = metadataClient(clocked, tenant.apiKey);
    ok(await cmd('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [
      { name: 'receipt', fields: [{ name: 'title', type: 'text' }, { name: 'no', type: 'autoNumber', format: 'R{YY}{MM}{DD}-{00}' }, { name: 'yearly', type: 'autoNumber', format: 'Y{YYYY}/{0000}' }] },
    ] } }));
    capi = (query) => gql(clocked, '/graphql', tenant.apiKey, query);
  });
  afterAll(async () => { await clocked?.close(); });

  const create = async () => ok(await capi('mutation { createReceipt(data: {title: "r"}) { no yearly } }')).createReceipt;
  const at = (iso: string) => (clocked.platform.clock as ManualClock).set(new Date(iso));

  it('writes the date of the platform clock in the tenant\'s time zone; daily and yearly counters restart with their period', async () => {
    at('2026-12-31T15:00:00Z'); // 23:00 on 31 December in Shanghai
    expect(await create()).toEqual({ no: 'R261231-01', yearly: 'Y2026/0001' });
    expect(await create()).toEqual({ no: 'R261231-02', yearly: 'Y2026/0002' });
    at('2026-12-31T16:30:00Z'); // 00:30 on 1 January 2027 in Shanghai, still 2026 in UTC
    expect(await create()).toEqual({ no: 'R270101-01', yearly: 'Y2027/0001' });
    at('2027-01-02T01:00:00Z');
    expect(await create()).toEqual({ no: 'R270102-01', yearly: 'Y2027/0002' });
    // Back in an earlier period (a clock set back): its counter goes on where it stopped.
    at('2026-12-31T15:30:00Z');
    expect(await create()).toEqual({ no: 'R261231-03', yearly: 'Y2026/0003' });
  });
});
