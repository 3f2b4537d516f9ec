import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExpression, compileSql, FORMULA_TYPES } from '../../src/expressions/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { metadataClient, startTestServer } from '../support/server.ts';

/**
 * Formulas over the record's own columns, built of operations PostgreSQL holds immutable, are kept
 * as STORED generated columns (computed on write, read at a stored field's cost); the others are
 * computed on read. Each storable operation must be accepted by PostgreSQL and give, row for row,
 * the value the read path computes; the columns follow the catalog through expression changes,
 * retyped inputs, deletes and restores.
 */
const STORABLE: Record<string, [returnType: string, expression: string]> = {
  arithmetic: ['number', '-(n * 2 + i - 1.5) / 4'],
  divideByThree: ['number', 'n / 3'],
  divideByField: ['number', 'n / i'],
  compareNumber: ['boolean', 'n >= i'],
  compareText: ['boolean', 't < "m"'],
  compareDate: ['boolean', 'd > DATE'],
  choice: ['text', 'IF(AND(n > 0, NOT(b)), "pos", CASE(i, 1, "one", 2, "two", "other"))'],
  either: ['boolean', 'OR(ISBLANK(t), ISBLANK(n), b)'],
  fallback: ['number', 'BLANKVALUE(n, i)'],
  fallbackText: ['text', 'BLANKVALUE(t, "none")'],
  rounding: ['number', 'ROUND(ABS(n) * 1.005, 2)'],
  length: ['number', 'LEN(t)'],
  textTests: ['boolean', 'AND(CONTAINS(t, "a"), BEGINS(t, "b"), REGEX(t, "^[a-z]+$"))'],
  parsed: ['number', 'VALUE(t)'],
  distance: ['number', 'DISTANCE(p, q)'],
  later: ['date', 'ADDDAYS(d, i)'],
  days: ['number', 'd - DATE'],
  asText: ['text', 'TEXT(n)'],
  flagText: ['text', 'TEXT(b)'],
};
/** Computed on read: a lookup, the clock, `&` (concat() is only stable), date/times, a date as text. */
const ON_READ: Record<string, [string, string]> = {
  viaLookup: ['text', 'other.t'],
  clock: ['number', 'DATEDIFF(TODAY(), d)'],
  joined: ['text', 't & "!"'],
  moment: ['boolean', 'ISBLANK(at)'],
  dateText: ['text', 'TEXT(d)'],
};
const formulas = (set: Record<string, [string, string]>) => Object.entries(set).map(([name, [returnType, expression]]) =>
  ({ name, type: 'formula', returnType, expression: expression.replace(/\bDATE\b/g, 'e') }));
const DOCUMENT = {
  objects: [
    { name: 'other', fields: [{ name: 't', type: 'text' }] },
    { name: 'sample', fields: [
      { name: 'n', type: 'number', precision: 18, scale: 4 },
      { name: 'i', type: 'integer' },
      { name: 't', type: 'text' },
      { name: 'b', type: 'boolean' },
      { name: 'd', type: 'date' },
      { name: 'e', type: 'date' },
      { name: 'at', type: 'dateTime' },
      { name: 'p', type: 'geolocation' },
      { name: 'q', type: 'geolocation' },
      { name: 'other', type: 'lookup', target: 'other' },
      ...formulas(STORABLE),
      ...formulas(ON_READ),
    ] },
  ],
};

let server: RunningServer;
let t: FixtureTenant;
let md: ReturnType<typeof metadataClient>;

beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server, DOCUMENT);
  md = metadataClient(server, t.apiKey);
  const rows = [
    { n: 12.5, i: 3, t: 'banana', b: false, d: '2026-03-01', e: '2026-02-27', p: { lat: 31.2304, lng: 121.4737 }, q: { lat: 39.9042, lng: 116.4074 } },
    { n: -7.125, i: 0, t: 'Abc', b: true, d: '2026-12-31', e: '2027-01-02', p: { lat: 0, lng: 0 }, q: { lat: 0, lng: 0.001 } },
    { n: 0, i: -2, t: '', b: null, d: null, e: '2026-01-01' },
    { n: null, i: null, t: '42.5e1', b: null, d: '2024-02-29', e: null },
    { n: 123456789.1234, i: 2, t: '中文 text', b: false, d: '0001-01-02', e: '9999-12-30' },
  ];
  const created = await t.api('mutation($d: [SampleCreateInput!]!) { createSamples(data: $d) { id } }', { d: rows });
  expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
});
afterAll(async () => {
  await server?.close();
});

/** The generated formula columns of the sample table, by the field they keep (`fx_<field id>_<hash>`). */
async function storedColumns(): Promise<Map<string, string>> {
  const rows = await t.sql(
    `select a.attname as column, f.name as field from pg_attribute a join pg_class c on c.oid = a.attrelid
     join tessera.object_definitions o on o.table_name = c.relname and o.tenant_id = $2 and o.name = 'sample' and o.deleted_at is null
     left join tessera.field_definitions f on f.object_id = o.id and a.attname like 'fx\\_' || right(replace(f.id::text, '-', ''), 12) || '\\_%'
     where c.relnamespace = to_regnamespace($1) and a.attgenerated = 's' and not a.attisdropped and a.attnum > 0`, [t.schema, t.id]);
  return new Map(rows.map((r) => [r.field, r.column]));
}

/** Each stored column's values against the same formula computed on read (the read path's SQL), row by row. */
async function expectSameAsOnRead(fields: string[]): Promise<void> {
  const { model } = await server.platform.models.get(t.id);
  const object = model.objects.get('sample')!;
  const columns = await storedColumns();
  for (const name of fields) {
    const authored = object.catalog.definition.fields.find((f) => f.name === name)!;
    const checked = checkExpression(String(authored.expression), { model, object: 'sample', expect: FORMULA_TYPES[String(authored.returnType)], user: null });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const params: unknown[] = [];
    const writer = { param: (value: unknown, cast?: string) => { params.push(value); return `$${params.length}${cast ? `::${cast}` : ''}`; } };
    const onRead = compileSql(checked.expression, model, { writer, alias: 'r', now: new Date() }).sql;
    const rows = await t.sql(`select (${onRead})::text as computed, r."${columns.get(name)}"::text as stored from "${t.schema}"."${object.catalog.tableName}" r order by r."createdAt", r.id`, params);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.stored, `${name}`).toBe(row.computed);
  }
}

describe('formulas PostgreSQL can keep are generated columns', () => {
  it('every storable operation is a generated column; lookups, the clock, & and date/times are computed on read', async () => {
    const columns = await storedColumns();
    expect([...columns.keys()].sort()).toEqual(Object.keys(STORABLE).sort());
    for (const name of Object.keys(ON_READ)) expect(columns.has(name)).toBe(false);
  });

  it('a stored column holds, row for row, what the read path computes (NULLs included)', async () => {
    await expectSameAsOnRead(Object.keys(STORABLE));
  });

  it('lists filter and sort by a stored formula through the API', async () => {
    const res = await t.api('{ samples(filter: {arithmetic: {lt: 0}}, orderBy: [{arithmetic: ASC}]) { nodes { n arithmetic } } }');
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.samples.nodes.map((r: { arithmetic: number }) => r.arithmetic)).toEqual([-61728394.6867, -6.625]);
  });

  it('a changed expression is a new column; the old one goes in the same change', async () => {
    const before = (await storedColumns()).get('arithmetic');
    const doc = structuredClone(DOCUMENT);
    (doc.objects[1].fields.find((f) => f.name === 'arithmetic') as { expression: string }).expression = 'n * 10';
    const applied = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: doc });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    const after = (await storedColumns()).get('arithmetic');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const res = await t.api('{ samples(filter: {arithmetic: {eq: 125}}) { nodes { n arithmetic } } }');
    expect(res.data.samples.nodes).toEqual([{ n: 12.5, arithmetic: 125 }]);
    await expectSameAsOnRead(['arithmetic']);
  });

  it('retyping a field a stored formula reads (integer to number) keeps the formula, recomputed', async () => {
    const doc = structuredClone(DOCUMENT);
    Object.assign(doc.objects[1].fields.find((f) => f.name === 'i')!, { type: 'number', precision: 18, scale: 2 });
    const applied = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: doc });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    const columns = await storedColumns();
    expect([...columns.keys()].sort()).toEqual(Object.keys(STORABLE).sort());
    await expectSameAsOnRead(['divideByField', 'compareNumber', 'later', 'fallback']);
  });

  it('a deleted formula field takes its column along; a restored one gets it back', async () => {
    const del = await md('mutation { deleteField(object: "sample", name: "length") { name } }');
    expect(del.errors, JSON.stringify(del.errors)).toBeUndefined();
    expect((await storedColumns()).has('length')).toBe(false);
    const restored = await md('mutation { restoreField(object: "sample", name: "length") { name } }');
    expect(restored.errors, JSON.stringify(restored.errors)).toBeUndefined();
    expect((await storedColumns()).has('length')).toBe(true);
    await expectSameAsOnRead(['length']);
  });

  it('writes keep stored formulas current', async () => {
    const created = await t.api('mutation { createSample(data: {n: 2, i: 5, t: "bab"}) { id arithmetic textTests } }');
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const id = created.data.createSample.id;
    const updated = await t.api(`mutation { updateSample(id: "${id}", data: {n: 3, t: "x"}) { arithmetic divideByField textTests } }`);
    expect(updated.errors, JSON.stringify(updated.errors)).toBeUndefined();
    // (The document's expression again: -(n * 2 + i - 1.5) / 4.)
    expect(updated.data.updateSample).toEqual({ arithmetic: -2.375, divideByField: 0.6, textTests: false });
  });
});
