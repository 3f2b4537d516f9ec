import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { CLIENT_CODES, expectClean, FIXTURE, fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { gql, metadataClient, startTestServer, type GraphQLResponse } from '../support/server.ts';
import { FIELD_TYPES } from '../../src/field-types/registry.ts';

/**
 * Issue 10: a property-based input fuzzer over the real HTTP server. Random names, labels, option
 * values, record values, filters (in variables and as literals on the compiled fast path), orders,
 * page sizes and cursors, each answered with a typed error or a result — never a 500, never
 * INTERNAL, never SQL or a stack — and the tenant still works afterwards.
 *
 * `FUZZ_RUNS` scales the run (default 4,000 cases in the suite; `npm run test:long` runs 10,400; e.g. FUZZ_RUNS=100000 for a longer run).
 *
 * Records and filters are of `lead` (the fixture's types) or, one case in three, of `kit`: a field of
 * every type issue 13 added (auto-number, rating, color, duration, time, markdown, tags, emails,
 * phones, links); metadata documents draw from every registered type.
 */
/** 4,000 requests in the suite (its 15-minute budget); `npm run test:long` sends 10,400 (FUZZ_RUNS). */
const SCALE = Number(process.env.FUZZ_RUNS ?? 4_000) / 10_400;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let server: RunningServer;
let t: FixtureTenant;
let md: ReturnType<typeof metadataClient>;
let counted = 0;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
  md = metadataClient(server, t.apiKey);
  // The fuzzer sends thousands of requests a minute: the tenant's rate limits are raised for it.
  await t.sql(`update tessera.tenants set settings = jsonb_set(coalesce(settings, '{}'), '{rateLimits}', '{"perKey": {"rate": 100000, "burst": 100000}, "perTenant": {"rate": 100000, "burst": 100000}}') where id = $1`, [t.id]);
  server.platform.auth.forget();
  const account = await t.api('mutation { createAccount(data: {name: "Acme", code: "A1"}) { id } }');
  await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', {
    d: Array.from({ length: 30 }, (_, i) => ({ name: `Lead ${i}`, score: i, status: ['New', 'MQL', 'SQL'][i % 3], email: `l${i}@x.test`, account: account.data.createAccount.id, tags: ['hot'] })),
  });
  // The types of issue 13, on an object of their own (the fixture stays as other suites know it).
  const kit = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [KIT, KIT_PART] } });
  expect(kit.errors, JSON.stringify(kit.errors)).toBeUndefined();
  await t.api('mutation($d: [KitCreateInput!]!) { createKits(data: $d) { id } }', {
    d: Array.from({ length: 10 }, (_, i) => ({ name: `Kit ${i}`, stars: (i % 5) + 1, colour: '#00AA11', spent: i * 60, opensAt: '09:30', notes: `*kit* ${i}`, labels: ['a', `t${i}`], mails: [`k${i}@x.test`], numbers: ['+86 21 5555 0000'], sites: ['https://x.test'] })),
  });
  // Values of the later types on a few kits: a tree two deep, positions, parts for the roll-up.
  const kits = (await t.api('{ kits(first: 10, orderBy: [{no: ASC}]) { nodes { id } } }')).data.kits.nodes.map((k: { id: string }) => k.id);
  for (const [i, id] of kits.slice(0, 4).entries()) {
    const set = await t.api('mutation($id: ID!, $d: KitUpdateInput!) { updateKit(id: $id, data: $d) { id } }', { id, d: {
      site: { street: `${i} Bund`, city: 'Shanghai', country: 'CN' }, contact: { last: '张', first: `三${i}` }, season: { start: '2026-01-01', end: i ? '2026-06-30' : null },
      spot: { lat: 31.2 + i / 100, lng: 121.5, address: 'Pudong' }, parent: i ? kits[i - 1] : null, secret: `s-${i}`, origin: 'CN', ip: `10.0.0.${i}`, zone: 'Asia/Shanghai',
    } });
    expect(set.errors, JSON.stringify(set.errors)).toBeUndefined();
  }
  await t.api('mutation($d: [KitPartCreateInput!]!) { createKitParts(data: $d) { id } }', { d: kits.slice(0, 3).map((kit: string, i: number) => ({ kit, qty: i + 1 })) });
  await loadTypes();
  console.log(`[fuzz] seed ${SEED} (FUZZ_SEED=${SEED} replays it)`);
});
afterAll(async () => {
  console.log(`[fuzz] ${counted} requests, every one answered with a result or a typed error: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  await server?.close();
});

/** The property every answer must hold. */
const outcomes = new Map<string, number>();
function typed(res: GraphQLResponse, what: unknown): void {
  counted++;
  const outcome = `${expect.getState().currentTestName?.split(' > ').pop()?.slice(0, 12)}:${res.errors ? String(res.errors[0]?.extensions?.code) : 'ok'}`;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  if (process.env.FUZZ_DEBUG && res.errors && Math.random() < 0.05) console.log('[fuzz-debug]', outcome, res.errors[0].message.slice(0, 160));
  const context = JSON.stringify({ what, res }).slice(0, 2000);
  expect(res.status, context).toBeLessThan(500);
  for (const e of res.errors ?? []) expect(CLIENT_CODES, context).toContain(e.extensions?.code);
  if (!res.errors) expect(res.data, context).toBeDefined();
  expectClean(res);
}

const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d\ude00', '\u202e', '\ufeff', '\\', 'a\\', '%', '_', '%_\\%',
  "'", "'; drop table lead; --", '"', '$1', '${x}', '{}', '[]', 'null', 'true', 'false', 'undefined', 'NaN',
  'constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'then', '__typename', 'id', 'owner', 'ownerId', 'deletedAt',
  '汉'.repeat(3000), 'a'.repeat(63), 'a'.repeat(64), 'x'.repeat(70_000), '1e999', '-0', '0x10', '2026-13-45', '2026-02-29T25:61:00Z',
  '00000000-0000-0000-0000-000000000000', '01900000-0000-7000-8000-000000000001', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
];
const nasty = fc.constantFrom(...NASTY);
/** Values some type accepts (a colour, a time, an e-mail…), so that typed fields get past validation too. */
const PLAUSIBLE = ['#ff8800', '#00AA11', '09:30', '23:59:59', '24:00', 'a@b.co', 'https://x.test', '+86 21 5555 0000', 'K-2026-0001', '# title', 'vip', 'PT1H',
  'CN', 'cn', 'XX', '10.0.0.1', '::1', '2001:db8::1', '256.1.1.1', 'Asia/Shanghai', 'UTC', 'Mars/Olympus', '2026-02-28', '2026-02-30'];
const text = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,70}$/) },
);
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 5e-324, 123456789012345678901234567890));
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const KIT = { name: 'kit', fields: [
  { name: 'name', type: 'text' }, { name: 'no', type: 'autoNumber', format: 'K-{YYYY}-{0000}' }, { name: 'stars', type: 'rating', max: 7 },
  { name: 'colour', type: 'color' }, { name: 'spent', type: 'duration' }, { name: 'opensAt', type: 'time' }, { name: 'notes', type: 'markdown' },
  { name: 'labels', type: 'tags' }, { name: 'mails', type: 'emails' }, { name: 'numbers', type: 'phones' }, { name: 'sites', type: 'links' },
  // The later types of issue 13: composites, a tree, encrypted text, positions, codes, files, computed fields.
  { name: 'site', type: 'address' }, { name: 'contact', type: 'fullName' }, { name: 'season', type: 'dateRange' }, { name: 'spot', type: 'locationAddress' },
  { name: 'parent', type: 'tree' }, { name: 'secret', type: 'encrypted', maxLength: 40 }, { name: 'position', type: 'sequence' }, { name: 'origin', type: 'country' },
  { name: 'ip', type: 'ipAddress', unique: true }, { name: 'zone', type: 'timeZone' }, { name: 'manual', type: 'file' }, { name: 'photo', type: 'image' }, { name: 'signed', type: 'signature' },
  { name: 'double', type: 'formula', expression: 'stars * 2', returnType: 'number' },
  { name: 'parts', type: 'rollup', relation: 'kitPart.kit', aggregate: 'SUM', field: 'qty' },
] };
/** The children the roll-up counts. */
const KIT_PART = { name: 'kitPart', fields: [{ name: 'kit', type: 'lookup', target: 'kit' }, { name: 'qty', type: 'integer' }] };
const LEAD_FIELDS = FIXTURE.objects.find((o) => o.name === 'lead')!.fields.map((f) => f.name);
const KIT_FIELDS = KIT.fields.map((f) => f.name);
const OPERATORS = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'isNull', 'like', 'ilike', 'startsWith', 'endsWith', 'contains', 'containsAny', 'containsAll', 'today', 'lastNDays', 'nextNDays', 'within', 'thisYear'];
const fieldName = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...LEAD_FIELDS, ...KIT_FIELDS, 'id', 'createdAt', 'updatedAt', 'owner') }, { weight: 1, arbitrary: text });
const operator = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...OPERATORS) }, { weight: 1, arbitrary: text });
const operand = fc.oneof(
  { weight: 4, arbitrary: value },
  { weight: 1, arbitrary: fc.record({ lat: number, lng: number, km: number }) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
);
const { filter } = fc.letrec<{ filter: Record<string, unknown> }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: fc.dictionary(fieldName, fc.dictionary(operator, operand, { minKeys: 1, maxKeys: 3 }), { minKeys: 1, maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.record({ and: fc.array(tie('filter'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ or: fc.array(tie('filter'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ not: tie('filter') }) },
  ) as fc.Arbitrary<Record<string, unknown>>,
}));
const direction = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('ASC', 'DESC', 'ASC_NULLS_FIRST', 'DESC_NULLS_LAST') }, { weight: 1, arbitrary: text });
const orderBy = fc.array(fc.dictionary(fieldName, direction, { minKeys: 1, maxKeys: 2 }), { maxLength: 3 });
const cursor = fc.oneof(
  text,
  fc.base64String({ maxLength: 80 }),
  fc.array(value, { maxLength: 4 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64')),
  fc.tuple(text, fc.uuid()).map((v) => Buffer.from(JSON.stringify(v)).toString('base64')),
);
const pageSize = fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 600 }), fc.constantFrom(0, 1, 500, 501, 2 ** 31 - 1));

/** A GraphQL literal for a JSON-ish value: strings as JSON strings (GraphQL's escapes agree), keys as written (a key that is not a name is a parse error the server must answer). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')}}`;
}

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface InputType { name: string; kind: string; inputFields: { name: string; type: TypeRef }[] | null; enumValues: { name: string }[] | null }
let types: Map<string, InputType>;

/** Loads the tenant's input types by introspection: the generators below follow the API's own shapes. */
async function loadTypes(): Promise<void> {
  const ref = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
  const res = await t.api(`{ __schema { types { name kind inputFields { name type { ${ref} } } enumValues { name } } } }`);
  types = new Map(res.data.__schema.types.map((x: InputType) => [x.name, x]));
}

const DATES = fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), nasty);
const INSTANTS = fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), nasty);

function scalarOf(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'String': return text;
    case 'Int': return fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer(), fc.constantFrom(2 ** 31 - 1, -(2 ** 31)));
    case 'Float': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), number);
    case 'Boolean': return fc.boolean();
    case 'ID': return fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: text });
    case 'Date': return DATES;
    case 'DateTime': return INSTANTS;
    case 'JSON': return fc.jsonValue({ maxDepth: 3 });
    default:
      return value;
  }
}

/** A value of the GraphQL input type `ref`, mostly well-typed (so it reaches the planner and the database), sometimes not. */
function shaped(ref: TypeRef, depth: number): fc.Arbitrary<unknown> {
  const wrong = value;
  let arb: fc.Arbitrary<unknown>;
  if (ref.kind === 'NON_NULL') arb = shaped(ref.ofType!, depth);
  else if (ref.kind === 'LIST') arb = fc.array(shaped(ref.ofType!, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  // An enum (option enums too, issue 12): its values, or now and then any text (which a variable may carry).
  else if (ref.kind === 'ENUM') arb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(types.get(ref.name!)?.enumValues ?? [{ name: 'X' }]).map((e) => e.name)) }, { weight: 1, arbitrary: text });
  else if (ref.kind === 'SCALAR') arb = scalarOf(ref.name!);
  else {
    const fields = types.get(ref.name!)?.inputFields ?? [];
    // Deep and/or/not and nested lookup filters stop growing past depth 4.
    const usable = depth > 4 ? fields.filter((f) => f.type.kind !== 'INPUT_OBJECT' && f.type.ofType?.kind !== 'INPUT_OBJECT' && f.type.ofType?.ofType?.kind !== 'INPUT_OBJECT') : fields;
    if (usable.length === 0) return fc.constant({});
    arb = fc.shuffledSubarray(usable, { minLength: 1, maxLength: Math.min(3, usable.length) })
      .chain((chosen) => fc.tuple(...chosen.map((f) => shaped(f.type, depth + 1))).map((vals) => Object.fromEntries(chosen.map((f, i) => [f.name, vals[i]]))));
  }
  return fc.oneof({ weight: 40, arbitrary: arb }, { weight: 1, arbitrary: wrong });
}

/** An input object with exactly one of its fields (an orderBy or groupBy item). */
const oneOf = (name: string) => fc.constant(null).chain(() => {
  const fields = types.get(name)?.inputFields ?? [];
  return fc.constantFrom(...fields).chain((f) => shaped(f.type, 1).map((v) => ({ [f.name]: v })));
});
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const input = (name: string) => fc.constant(null).chain(() => shaped({ kind: 'INPUT_OBJECT', name, ofType: null }, 0));

/** API names, plain (`annualRevenue`) or namespaced (`k12__lesson`), near the length limit and past it. */
const apiName = fc.oneof(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,62}$/), fc.stringMatching(/^[a-z][a-z0-9]{1,14}__[a-z][a-zA-Z0-9]{0,50}$/));

describe('input fuzzer: every answer is typed, never a 500', () => {
  it('record values of every field type, in creates and updates', async () => {
    const record = fc.oneof({ weight: 5, arbitrary: input('LeadCreateInput') }, { weight: 1, arbitrary: fc.dictionary(fieldName, value, { maxKeys: 6 }) }) as fc.Arbitrary<Record<string, unknown>>;
    const kitRecord = fc.oneof({ weight: 5, arbitrary: input('KitCreateInput') }, { weight: 1, arbitrary: fc.dictionary(fieldName, value, { maxKeys: 6 }) }) as fc.Arbitrary<Record<string, unknown>>;
    // One request a case: a create, a bulk create, an update by filter, or an upsert; of a lead, or of a kit one case in three.
    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 2, arbitrary: record.map((d) => ['lead', d] as const) }, { weight: 1, arbitrary: kitRecord.map((d) => ['kit', d] as const) }), fc.constantFrom('create', 'bulk', 'update', 'upsert'), async ([object, data], verb) => {
      const { id: _id, ...changes } = data && typeof data === 'object' && !Array.isArray(data) ? data : { id: null };
      if (object === 'kit') {
        const res = verb === 'bulk' ? await t.api('mutation($d: [KitCreateInput!]!) { createKits(data: $d) { id no } }', { d: [{ name: 'fuzz', ...data }, data] })
          : verb === 'update' ? await t.api('mutation($d: KitUpdateInput!) { updateKits(filter: {name: {eq: "Kit 1"}}, data: $d) { ids } }', { d: changes })
          : verb === 'upsert' ? await t.api('mutation($m: KitMatchInput!, $d: KitCreateInput!) { upsertKit(match: $m, data: $d) { id } }', { m: typeof changes.ip === 'string' ? { ip: changes.ip } : { no: typeof changes.name === 'string' ? changes.name : `K-${new Date().getUTCFullYear()}-0002` }, d: { name: 'upserted', ...changes } })
          : await t.api('mutation($d: KitCreateInput!) { createKit(data: $d) { id no stars colour spent opensAt notes labels mails numbers sites site { street city country } contact { last first } season { start end } spot { lat lng address } parent { id } secret position origin ip zone manual { id } photo { id } signed { id } double parts } }', { d: data });
        typed(res, { object, verb, data });
        return;
      }
      const res = verb === 'bulk' ? await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: [{ name: 'fuzz', ...data }, data] })
        : verb === 'update' ? await t.api('mutation($d: LeadUpdateInput!) { updateLeads(filter: {name: {eq: "Lead 1"}}, data: $d) { ids } }', { d: changes })
        : verb === 'upsert' ? await t.api('mutation($m: LeadMatchInput!, $d: LeadCreateInput!) { upsertLead(match: $m, data: $d) { id } }', { m: { email: typeof changes.email === 'string' ? changes.email : 'l2@x.test' }, d: { name: 'upserted', ...changes } })
        : await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id name status tags amount { amount currency } location { lat lng } } }', { d: data });
      typed(res, { verb, data });
    }), { numRuns: runs(3000), seed: SEED, endOnFailure: true });
  });

  it('filters, orders, page sizes and cursors, in variables', async () => {
    const kitFilters = fc.tuple(fc.oneof({ weight: 4, arbitrary: input('KitFilter') }, { weight: 1, arbitrary: filter }), fc.array(oneOf('KitOrderBy'), { maxLength: 3 }));
    await fc.assert(fc.asyncProperty(kitFilters, sometimes(pageSize), sometimes(cursor), async ([f, o], first, after) => {
      typed(await t.api('query($f: KitFilter, $o: [KitOrderBy!], $n: Int, $a: String) { kits(filter: $f, orderBy: $o, first: $n, after: $a) { totalCount nodes { id no labels } } }', { f, o, n: first, a: after }), { kit: true, f, o, first, after });
    }), { numRuns: runs(1000), seed: SEED, endOnFailure: true });
    const anyFilter = fc.oneof({ weight: 4, arbitrary: input('LeadFilter') }, { weight: 1, arbitrary: filter });
    const anyOrder = fc.oneof({ weight: 4, arbitrary: fc.array(oneOf('LeadOrderBy'), { maxLength: 3 }) }, { weight: 1, arbitrary: orderBy });
    await fc.assert(fc.asyncProperty(anyFilter, anyOrder, sometimes(pageSize), sometimes(cursor), fc.array(oneOf('LeadGroupBy'), { maxLength: 2 }), async (f, o, first, after, g) => {
      // One request a case: a page (following its end cursor 1 time in 8), or an aggregate.
      if (g.length > 0 && first === null) {
        typed(await t.api('query($f: LeadFilter, $g: [LeadGroupBy!]) { leadsAggregate(filter: $f, groupBy: $g) { count } }', { f, g }), { f, g });
        return;
      }
      const res = await t.api('query($f: LeadFilter, $o: [LeadOrderBy!], $n: Int, $a: String) { leads(filter: $f, orderBy: $o, first: $n, after: $a) { totalCount nodes { id name } pageInfo { endCursor } } }', { f, o, n: first, a: after });
      typed(res, { f, o, first, after });
      const end = res.data?.leads?.pageInfo?.endCursor;
      if (end && (counted & 7) === 0) typed(await t.api('query($f: LeadFilter, $o: [LeadOrderBy!], $a: String) { leads(filter: $f, orderBy: $o, after: $a, first: 3) { nodes { id } } }', { f, o, a: end }), { f, o, end });
    }), { numRuns: runs(2500), seed: SEED, endOnFailure: true });
  });

  it('filters and cursors as literals (the compiled fast path)', async () => {
    const anyFilter = fc.oneof({ weight: 4, arbitrary: input('LeadFilter') }, { weight: 1, arbitrary: filter }) as fc.Arbitrary<Record<string, unknown>>;
    const kitFilter = fc.oneof({ weight: 4, arbitrary: input('KitFilter') }, { weight: 1, arbitrary: filter }) as fc.Arbitrary<Record<string, unknown>>;
    const either = fc.oneof({ weight: 2, arbitrary: anyFilter.map((f) => ['leads', f, 'id name email'] as const) }, { weight: 1, arbitrary: kitFilter.map((f) => ['kits', f, 'id no opensAt spent labels secret origin double parts season { start end } parent { id }'] as const) });
    await fc.assert(fc.asyncProperty(either, sometimes(cursor), async ([list, f, select], after) => {
      const res = await t.api(`{ ${list}(filter: ${literal(f)}${after !== null ? `, after: ${literal(after)}` : ''}, first: 5) { nodes { ${select} } } }`);
      typed(res, { list, f, after });
    }), { numRuns: runs(2500), seed: SEED, endOnFailure: true });
  });

  it('metadata documents with random names, labels, types and option values (dry run)', async () => {
    const fieldInput = fc.record({
      name: fc.oneof(text, apiName),
      type: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELD_TYPES.map((ft) => ft.name)) }, { weight: 1, arbitrary: text }),
      format: fc.oneof(text, fc.constantFrom('INV-{YYYY}-{00000}', '{MM}-{0}', '{0', 'A{Q}{00}', '{YY}{MM}{DD}{000}')),
      max: fc.oneof(fc.integer({ min: -1, max: 12 }), text),
      label: fc.oneof(text, fc.dictionary(fc.constantFrom('en', 'zh-CN', 'xx', '__proto__'), text)),
      options: fc.array(fc.record({ value: text, label: fc.option(text) }, { requiredKeys: ['value'] }), { maxLength: 4 }),
      target: fc.constantFrom('account', 'lead', 'nope', '__proto__'),
      // Properties of the later types, valid and not: formulas, roll-ups, positions, files, defaults.
      expression: fc.oneof(text, fc.constantFrom('score * 2', 'IF(score >= 60, "hot", "cold")', 'name & "x"', 'TODAY() + 30', 'score +', 'PRIORVALUE(score)', 'account.name', 'DISTANCE(location, location)')),
      returnType: fc.oneof(fc.constantFrom('number', 'text', 'boolean', 'date', 'dateTime'), text),
      relation: fc.oneof(fc.constantFrom('lead.account', 'lead.owner', 'account.lead', 'lead.name', 'nope.x', 'lead'), text),
      aggregate: fc.oneof(fc.constantFrom('COUNT', 'SUM', 'MIN', 'MAX', 'AVG'), text),
      field: fc.oneof(fc.constantFrom('score', 'name', 'amount', 'nope', 'tags'), text),
      filter: fc.oneof(filter, value),
      scope: fc.oneof(fc.constantFrom('account', 'owner', 'name', 'nope'), text),
      accept: fc.oneof(fc.array(fc.constantFrom('image/png', 'image/*', '*/*', 'text/html', 'bad'), { maxLength: 3 }), value),
      maxSize: fc.oneof(fc.integer({ min: -1, max: 2 ** 40 }), text),
      defaultExpression: fc.oneof(text, fc.constantFrom('TODAY() + 30', '$User.region', '"CN"', '1 / 0', 'score', 'NOW()', '{"a": 1}')),
      unique: fc.boolean(),
      maxLength: fc.oneof(fc.integer({ min: -1, max: 20_000 }), text),
      defaultValue: value,
    }, { requiredKeys: ['name', 'type'] });
    const document = fc.record({
      objects: fc.array(fc.record({
        name: fc.oneof(text, apiName),
        label: fc.oneof(text, fc.dictionary(text, text, { maxKeys: 2 })),
        fields: fc.array(fieldInput, { maxLength: 4 }),
        indexes: fc.array(fc.record({ fields: fc.array(fieldName, { maxLength: 3 }), unique: fc.boolean() }), { maxLength: 2 }),
      }, { requiredKeys: ['name'] }), { maxLength: 3 }),
      // Validation and duplicate rules of every shape, over the fixture's objects and the kit.
      validationRules: fc.option(fc.oneof({ weight: 4, arbitrary: fc.array(fc.record({
        name: fc.oneof(text, fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,20}$/)), object: fc.oneof(fc.constantFrom('lead', 'account', 'kit', 'nope'), text),
        assert: fc.oneof(text, fc.constantFrom('score >= 0', 'ISCHANGED(status)', 'PRIORVALUE(score) <= score', 'DISTANCE(location, location) < 200', 'stars > 2', 'secret = "x"', 'ISBLANK(site)', 'parent.name = "x"', 'ip & "" = "10.0.0.1"', 'REGEX(name, "(")', 'TRUE', '1')),
        message: fc.oneof(text, fc.dictionary(fc.constantFrom('en', 'zh-CN', 'xx'), text)), field: fieldName, on: fc.oneof(fc.constantFrom('create', 'update', 'both'), text), active: fc.oneof(fc.boolean(), value),
      }, { requiredKeys: ['name', 'object', 'assert'] }), { maxLength: 3 }) }, { weight: 1, arbitrary: value })),
      duplicateRules: fc.option(fc.oneof({ weight: 4, arbitrary: fc.array(fc.record({
        name: fc.oneof(text, fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,20}$/)), object: fc.oneof(fc.constantFrom('lead', 'kit', 'nope'), text), action: fc.oneof(fc.constantFrom('BLOCK', 'WARN'), text),
        match: fc.oneof(
          fc.record({ field: fieldName, match: fc.oneof(fc.constantFrom('exact', 'normalized', 'fuzzy'), text), threshold: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), value) }, { requiredKeys: ['field', 'match'] }),
          fc.record({ and: fc.array(fc.record({ field: fieldName, match: fc.constantFrom('exact', 'normalized', 'fuzzy') }), { maxLength: 3 }) }),
          value,
        ),
      }, { requiredKeys: ['name', 'object', 'match'] }), { maxLength: 2 }) }, { weight: 1, arbitrary: value })),
    });
    await fc.assert(fc.asyncProperty(document, async (doc) => {
      // The fixture objects (and the kit) stay in the document, so a dry run plans additions and changes, not deletions.
      const rules = { ...(doc.validationRules !== null ? { validationRules: doc.validationRules } : {}), ...(doc.duplicateRules !== null ? { duplicateRules: doc.duplicateRules } : {}) };
      const res = await md('mutation($d: JSON!) { applyMetadata(document: $d, dryRun: true) { applied } }', { d: { objects: [...FIXTURE.objects, KIT, KIT_PART, ...doc.objects], ...rules } });
      typed(res, doc);
    }), { numRuns: runs(1200), seed: SEED, endOnFailure: true });
  });

  it('objects and fields really created with random names and options leave the API working', async () => {
    const created: string[] = [];
    await fc.assert(fc.asyncProperty(fc.oneof(text, apiName), fc.array(fc.record({ value: text, label: text }), { minLength: 1, maxLength: 3 }), fc.constantFrom('SELECT', 'MULTI_SELECT', 'TEXT', 'CURRENCY', 'GEOLOCATION', 'EMAIL', 'AUTO_NUMBER', 'RATING', 'TAGS', 'TIME',
      'ADDRESS', 'FULL_NAME', 'DATE_RANGE', 'LOCATION_ADDRESS', 'TREE', 'ENCRYPTED', 'SEQUENCE', 'COUNTRY', 'IP_ADDRESS', 'TIME_ZONE', 'FILE', 'IMAGE', 'SIGNATURE', 'FORMULA'),
    fc.option(fc.oneof(text, fc.constantFrom('TODAY() + 30', '$User.name', '"CN"', '1 / 0', 'NOW()'))), async (name, options, type, defaultExpression) => {
      const field = {
        name: `f${name}`.slice(0, 70), type, ...(type.includes('SELECT') ? { options } : {}), ...(type === 'AUTO_NUMBER' ? { format: `${name.slice(0, 20)}{000}` } : {}),
        ...(type === 'FORMULA' ? { expression: defaultExpression ?? name, returnType: 'text' } : defaultExpression !== null ? { defaultExpression } : {}),
      };
      const res = await md('mutation($i: ObjectInput!) { createObject(input: $i) { name } }', { i: { name, label: { en: name }, fields: [field] } });
      typed(res, { name, field });
      if (!res.errors) created.push(name);
      const read = await t.api('{ leads(first: 1) { nodes { id } } }');
      expect(read.errors, JSON.stringify({ name, field, read })).toBeUndefined();
    }), { numRuns: runs(200), seed: SEED, endOnFailure: true });
    const intro = await gql(server, '/graphql', t.apiKey, '{ __schema { types { name } } }');
    expect(intro.errors).toBeUndefined();
    for (const name of created) typed(await md('mutation($n: String!) { deleteObject(name: $n) { name } }', { n: name }), name);
  });
});
