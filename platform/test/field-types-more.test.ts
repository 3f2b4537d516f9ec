import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The field types of issue 13, item 8 (rating, color, duration, time, markdown, tags, emails,
 * phones, links) through the data API: values written and read back, each filter operator (on
 * the compiled path with literals and on graphql-js with variables), aggregates, refusals with
 * their pointers, and the type changes they allow or refuse.
 */
let server: RunningServer;
let md: ReturnType<typeof metadataClient>;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;

const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

const FIELDS = [
  { name: 'name', type: 'text' },
  { name: 'stars', type: 'rating', max: 10 },
  { name: 'colour', type: 'color' },
  { name: 'spent', type: 'duration' },
  { name: 'opensAt', type: 'time' },
  { name: 'notes', type: 'markdown' },
  { name: 'labels', type: 'tags' },
  { name: 'mails', type: 'emails' },
  { name: 'numbers', type: 'phones' },
  { name: 'sites', type: 'links' },
];
const ALL = 'name stars colour spent opensAt notes labels mails numbers sites';

const SHOPS = [
  { name: 'north', stars: 9, colour: '#ff8800', spent: 5400, opensAt: '08:30', notes: '# North\n\n*busy* shop', labels: ['vip', 'north'], mails: ['north@shop.example'], numbers: ['+86 21 5555 0001'], sites: ['https://north.example'] },
  { name: 'south', stars: 3, colour: '#00AA11', spent: 90.5, opensAt: '10:00:00', notes: 'quiet', labels: ['south'], mails: ['south@shop.example', 'boss@shop.example'], numbers: ['+86 21 5555 0002'], sites: ['https://south.example', 'https://shop.example'] },
  { name: 'none', labels: [] },
];

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'ft');
  md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'shop', fields: FIELDS }] } }));
  ok(await api('mutation($d: [ShopCreateInput!]!) { createShops(data: $d) { id } }', { d: SHOPS }));
});
afterAll(async () => { await server?.close(); });

const names = (res: GraphQLResponse) => ok(res).shops.nodes.map((n: { name: string }) => n.name).sort();

describe('values written and read back', () => {
  it('reads each type in its API form: colours upper-cased, times with seconds, no tags as null', async () => {
    const nodes = ok(await api(`{ shops(orderBy: [{name: ASC}]) { nodes { ${ALL} } } }`)).shops.nodes;
    expect(nodes).toEqual([
      { name: 'none', stars: null, colour: null, spent: null, opensAt: null, notes: null, labels: null, mails: null, numbers: null, sites: null },
      { ...SHOPS[0], colour: '#FF8800', opensAt: '08:30:00' },
      { ...SHOPS[1], opensAt: '10:00:00' },
    ]);
  });

  it('types lists as [String!] and ratings as Int in the schema', async () => {
    const type = ok(await api('{ __type(name: "Shop") { fields { name type { kind name ofType { kind name ofType { kind name } } } } } }')).__type;
    const of = (name: string) => type.fields.find((f: { name: string }) => f.name === name).type;
    expect(of('labels')).toEqual({ kind: 'LIST', name: null, ofType: { kind: 'NON_NULL', name: null, ofType: { kind: 'SCALAR', name: 'String' } } });
    expect(of('stars')).toEqual({ kind: 'SCALAR', name: 'Int', ofType: null });
    expect(of('spent')).toEqual({ kind: 'SCALAR', name: 'Float', ofType: null });
  });
});

describe('filters, on both paths', () => {
  const cases: [string, string, string[]][] = [
    ['rating gte', '{stars: {gte: 5}}', ['north']],
    ['rating isNull', '{stars: {isNull: true}}', ['none']],
    ['color eq, in another case', '{colour: {eq: "#FF8800"}}', ['north']],
    ['color in, lower case', '{colour: {in: ["#00aa11", "#123456"]}}', ['south']],
    ['duration between', '{spent: {gt: 60, lte: 3600}}', ['south']],
    ['time gt, without seconds', '{opensAt: {gt: "09:00"}}', ['south']],
    ['time eq, without seconds', '{opensAt: {eq: "08:30"}}', ['north']],
    ['markdown contains', '{notes: {contains: "BUSY"}}', ['north']],
    ['tags contains (an element, not a substring)', '{labels: {contains: "vip"}}', ['north']],
    ['tags contains: no substring match', '{labels: {contains: "vi"}}', []],
    ['tags containsAny', '{labels: {containsAny: ["south", "east"]}}', ['south']],
    ['tags containsAll', '{labels: {containsAll: ["vip", "north"]}}', ['north']],
    ['tags isNull: an empty array is none', '{labels: {isNull: true}}', ['none']],
    ['emails containsAny', '{mails: {containsAny: ["boss@shop.example"]}}', ['south']],
    ['phones containsAny', '{numbers: {containsAny: ["+86 21 5555 0001", "+1 555"]}}', ['north']],
    ['links containsAny', '{sites: {containsAny: ["https://shop.example"]}}', ['south']],
  ];
  for (const [what, filter, expected] of cases) {
    it(what, async () => {
      expect(names(await api(`{ shops(filter: ${filter}) { nodes { name } } }`))).toEqual(expected);
      // The same filter as a variable: graphql-js coerces it, the planner is the same.
      const asJson = Function(`return (${filter})`)() as Record<string, unknown>;
      expect(names(await api('query($f: ShopFilter) { shops(filter: $f) { nodes { name } } }', { f: asJson }))).toEqual(expected);
    });
  }

  it('offers only each type\'s operators', async () => {
    const ops = async (type: string) => ok(await api(`{ __type(name: "${type}") { inputFields { name } } }`)).__type.inputFields.map((f: { name: string }) => f.name);
    expect(await ops('ColorFilter')).toEqual(['eq', 'neq', 'in', 'nin', 'isNull']);
    expect(await ops('TagsFilter')).toEqual(['contains', 'containsAny', 'containsAll', 'isNull']);
    for (const type of ['EmailsFilter', 'PhonesFilter', 'LinksFilter']) expect(await ops(type)).toEqual(['containsAny', 'isNull']);
    const rejected = await api('{ shops(filter: {mails: {contains: "x"}}) { nodes { name } } }');
    expect(rejected.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('aggregates', () => {
  it('sums and averages durations, averages ratings, bounds times as text', async () => {
    const agg = ok(await api('{ shopsAggregate { count sum { spent } avg { spent stars } min { opensAt stars } max { opensAt } } }')).shopsAggregate[0];
    expect(agg).toEqual({ count: 3, sum: { spent: 5490.5 }, avg: { spent: 2745.25, stars: 6 }, min: { opensAt: '08:30:00', stars: 3 }, max: { opensAt: '10:00:00' } });
  });
});

describe('refused values, each with its pointer', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['stars', { stars: 11 }],
    ['stars', { stars: 0 }],
    ['colour', { colour: 'orange' }],
    ['spent', { spent: -5 }],
    ['opensAt', { opensAt: '25:00' }],
    ['opensAt', { opensAt: '9:30' }],
    ['labels', { labels: ['a', 'a'] }],
    ['labels', { labels: [' padded'] }],
    ['labels', { labels: [''] }],
    ['mails', { mails: ['nope'] }],
    ['numbers', { numbers: ['call me'] }],
    ['sites', { sites: ['javascript:alert(1)'] }],
  ];
  for (const [field, data] of bad) {
    it(`${field}: ${JSON.stringify(data[field])}`, async () => {
      const res = await api('mutation($d: ShopCreateInput!) { createShop(data: $d) { id } }', { d: { name: 'bad', ...data } });
      expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('VALIDATION_FAILED');
      expect(res.errors?.[0].extensions?.errors.map((e: { pointer: string }) => e.pointer.replace(/\/\d+$/, ''))).toContain(`/data/${field}`);
    });
  }
});

describe('definitions and type changes', () => {
  const updateField = 'mutation($o: String!, $n: String!, $f: FieldUpdateInput!) { updateField(object: $o, name: $n, input: $f) { name } }';

  it('refuses lowering a rating\'s max below a stored rating, with the count; allows it above', async () => {
    const res = await md(updateField, { o: 'shop', n: 'stars', f: { max: 5 } });
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0].extensions?.errors[0]).toMatchObject({ pointer: expect.stringMatching(/\/max$/), rows: 1 });
    ok(await md(updateField, { o: 'shop', n: 'stars', f: { max: 9 } }));
  });

  it('never converts an array into another type', async () => {
    for (const n of ['labels', 'mails']) {
      const res = await md(updateField, { o: 'shop', n, f: { type: 'TEXT' } });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('converts text into colours only when every stored value is one, upper-cased', async () => {
    ok(await md('mutation { createField(object: "shop", input: {name: "paint", type: TEXT}) { name } }'));
    ok(await api('mutation { createShop(data: {name: "painted", paint: "#abcdef"}) { id } }'));
    const refused = await md(updateField, { o: 'shop', n: 'paint', f: { type: 'COLOR' } });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    ok(await api('mutation { updateShops(filter: {name: {eq: "painted"}}, data: {paint: "#ABCDEF"}) { ids } }'));
    ok(await md(updateField, { o: 'shop', n: 'paint', f: { type: 'COLOR' } }));
    expect(names(await api('{ shops(filter: {paint: {eq: "#abcdef"}}) { nodes { name } } }'))).toEqual(['painted']);
  });

  it('refuses a bad default and a max out of range with their pointers', async () => {
    const res = await md('mutation($d: JSON!) { applyMetadata(document: $d, dryRun: true) { applied } }', { d: { objects: [{ name: 'bad', fields: [
      { name: 'a', type: 'rating', max: 3, defaultValue: 4 },
      { name: 'b', type: 'tags', defaultValue: ['x', 'x'] },
      { name: 'c', type: 'time', defaultValue: '7:00' },
    ] }] } });
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = res.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/objects/0/fields/1/defaultValue', '/objects/0/fields/2/defaultValue']));
    const max = await md('mutation($d: JSON!) { applyMetadata(document: $d, dryRun: true) { applied } }', { d: { objects: [{ name: 'bad', fields: [{ name: 'a', type: 'rating', max: 11 }] }] } });
    expect(max.errors?.[0].extensions?.errors.map((e: { pointer: string }) => e.pointer)).toContain('/objects/0/fields/0/max');
  });
});
