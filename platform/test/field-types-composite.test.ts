import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The composite and place types of issue 13, item 8 (address, fullName, dateRange,
 * locationAddress) and country, through the data API: values written and read back as objects,
 * each part filtered on its own (on the compiled path with literals and on graphql-js with
 * variables), `overlaps` and `within`, sorting a full name by family name, refusals with pointers.
 */
let server: RunningServer;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;

const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

const FIELDS = [
  { name: 'name', type: 'text' },
  { name: 'office', type: 'address' },
  { name: 'boss', type: 'fullName' },
  { name: 'contract', type: 'dateRange' },
  { name: 'nation', type: 'country' },
  { name: 'site', type: 'locationAddress' },
  { name: 'ip', type: 'ipAddress' },
  { name: 'zone', type: 'timeZone' },
];
const ALL = 'name office { street city region postalCode country } boss { first middle last } contract { start end } nation site { lat lng address } ip';

const SITES = [
  { name: 'paris', ip: '10.0.0.9', office: { street: '5 Av. Anatole France', city: 'Paris', postalCode: '75007', country: 'FR' }, boss: { first: 'Ada', middle: 'Augusta', last: 'Lovelace' },
    contract: { start: '2026-01-01', end: '2026-03-31' }, nation: 'fr', site: { lat: 48.8584, lng: 2.2945, address: 'Tour Eiffel' } },
  { name: 'shanghai', ip: '2001:DB8:0::1', office: { street: '人民大道 200 号', city: '上海', region: '上海市', postalCode: '200003', country: 'CN' }, boss: { first: '三', last: '张' },
    contract: { start: '2026-03-01' }, nation: 'CN', site: { lat: 31.2304, lng: 121.4737 } },
  { name: 'none' },
];

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'fc');
  const md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'site', fields: FIELDS }] } }));
  ok(await api('mutation($d: [SiteCreateInput!]!) { createSites(data: $d) { id } }', { d: SITES }));
});
afterAll(async () => { await server?.close(); });

/** DESC by code: FR, DE, CN, then no country. */
const NATION_ORDER: Record<string, number> = { paris: 0, berlin: 1, shanghai: 2, none: 3 };
const names = (res: GraphQLResponse) => ok(res).sites.nodes.map((n: { name: string }) => n.name).sort();

describe('values written and read back', () => {
  it('reads composites as objects with every part (missing ones null), an empty one as null, countries upper-cased', async () => {
    const nodes = ok(await api(`{ sites(orderBy: [{name: ASC}]) { nodes { ${ALL} } } }`)).sites.nodes;
    expect(nodes).toEqual([
      { name: 'none', office: null, boss: null, contract: null, nation: null, site: null, ip: null },
      { ...SITES[0], office: { ...SITES[0].office, region: null }, nation: 'FR' },
      { ...SITES[1], ip: '2001:db8::1', office: SITES[1].office, boss: { first: '三', middle: null, last: '张' }, contract: { start: '2026-03-01', end: null }, site: { ...SITES[1].site, address: null } },
    ]);
  });

  it('types a composite as its own object type, and its filter by part', async () => {
    const fields = async (type: string) => ok(await api(`{ __type(name: "${type}") { fields { name type { name } } inputFields { name type { name } } } }`)).__type;
    expect((await fields('Address')).fields.map((f: { name: string }) => f.name)).toEqual(['street', 'city', 'region', 'postalCode', 'country']);
    expect((await fields('LocationAddress')).fields.map((f: { type: { name: string } }) => f.type.name)).toEqual(['Float', 'Float', 'String']);
    expect((await fields('AddressFilter')).inputFields.map((f: { name: string; type: { name: string } }) => `${f.name}:${f.type.name}`))
      .toEqual(['isNull:Boolean', 'street:TextFilter', 'city:TextFilter', 'region:TextFilter', 'postalCode:TextFilter', 'country:TextFilter']);
    expect((await fields('DateRangeFilter')).inputFields.map((f: { name: string; type: { name: string } }) => `${f.name}:${f.type.name}`))
      .toEqual(['isNull:Boolean', 'overlaps:DateRangeInput', 'start:DateFilter', 'end:DateFilter']);
  });

  it('updates one composite as a whole: parts left out become null', async () => {
    const id = ok(await api('mutation { createSite(data: {name: "tmp", office: {city: "Lyon", street: "1 rue", country: "FR"}}) { id } }')).createSite.id;
    const updated = ok(await api(`mutation { updateSite(id: "${id}", data: {office: {city: "Lille", country: "FR"}}) { office { street city } } }`)).updateSite;
    expect(updated.office).toEqual({ street: null, city: 'Lille' });
    ok(await api(`mutation { deleteSite(id: "${id}") { id } }`));
  });
});

describe('filters, on both paths', () => {
  const cases: [string, string, string[]][] = [
    ['address part eq', '{office: {city: {eq: "Paris"}}}', ['paris']],
    ['address part startsWith', '{office: {postalCode: {startsWith: "2000"}}}', ['shanghai']],
    ['address two parts', '{office: {country: {eq: "CN"}, region: {isNull: false}}}', ['shanghai']],
    ['address part isNull: a missing part', '{office: {region: {isNull: true}}}', ['none', 'paris']],
    ['address isNull: every part empty', '{office: {isNull: true}}', ['none']],
    ['address isNull false', '{office: {isNull: false}}', ['paris', 'shanghai']],
    ['fullName part contains', '{boss: {last: {contains: "LOVE"}}}', ['paris']],
    ['fullName part in', '{boss: {first: {in: ["三", "Bob"]}}}', ['shanghai']],
    ['dateRange overlaps, inside', '{contract: {overlaps: {start: "2026-02-01", end: "2026-02-02"}}}', ['paris']],
    ['dateRange overlaps, an end day is shared', '{contract: {overlaps: {start: "2026-03-31", end: "2026-03-31"}}}', ['paris', 'shanghai']],
    ['dateRange overlaps an open range: no end runs on', '{contract: {overlaps: {start: "2027-01-01"}}}', ['shanghai']],
    ['dateRange overlaps, open start', '{contract: {overlaps: {end: "2026-02-15"}}}', ['paris']],
    ['dateRange part gte', '{contract: {start: {gte: "2026-02-01"}}}', ['shanghai']],
    ['country eq, lower case', '{nation: {eq: "cn"}}', ['shanghai']],
    ['country in', '{nation: {in: ["fr", "DE"]}}', ['paris']],
    ['locationAddress within km', '{site: {within: {lat: 48.86, lng: 2.29, km: 2}}}', ['paris']],
    ['ipAddress compared as an address, not as text', '{ip: {lt: "10.0.0.10"}}', ['paris']],
    ['ipAddress eq, in its canonical form', '{ip: {eq: "2001:db8::1"}}', ['shanghai']],
    ['locationAddress part', '{site: {address: {isNull: true}, lat: {gt: 0}}}', ['shanghai']],
  ];
  for (const [what, filter, expected] of cases) {
    it(what, async () => {
      expect(names(await api(`{ sites(filter: ${filter}) { nodes { name } } }`))).toEqual(expected);
      const asJson = Function(`return (${filter})`)() as Record<string, unknown>;
      expect(names(await api('query($f: SiteFilter) { sites(filter: $f) { nodes { name } } }', { f: asJson }))).toEqual(expected);
    });
  }

  it('sorts full names by family name; countries by code', async () => {
    ok(await api('mutation { createSite(data: {name: "berlin", boss: {first: "Charles", last: "Babbage"}, nation: "DE"}) { id } }'));
    const byBoss = ok(await api('{ sites(orderBy: [{boss: ASC}], filter: {boss: {isNull: false}}) { nodes { name } } }')).sites.nodes.map((n: { name: string }) => n.name);
    expect(byBoss).toEqual(['berlin', 'paris', 'shanghai']);
    const byNation = ok(await api('{ sites(orderBy: [{nation: DESC_NULLS_LAST}]) { nodes { name } } }')).sites.nodes.map((n: { name: string }) => n.name);
    expect(byNation).toEqual(['paris', 'berlin', 'shanghai', 'none'].sort((a, b) => NATION_ORDER[a] - NATION_ORDER[b]));
  });
});

describe('refused values, each with its pointer', () => {
  const bad: [string, Record<string, unknown>, string][] = [
    ['office', { office: { city: 'Paris', country: 'France' } }, '/data/office/country'],
    ['office', { office: { street: 'no city', country: 'FR' } }, '/data/office'],
    ['boss', { boss: { first: 'no family name' } }, '/data/boss'],
    ['contract', { contract: { start: '2026-02-01', end: '2026-01-01' } }, '/data/contract/end'],
    ['nation', { nation: 'XK' }, '/data/nation'],
    ['site', { site: { lat: 91, lng: 0 } }, '/data/site/lat'],
    ['ip', { ip: '10.0.0.256' }, '/data/ip'],
    ['zone', { zone: 'Asia/Peking' }, '/data/zone'],
  ];
  for (const [field, data, pointer] of bad) {
    it(`${field}: ${JSON.stringify(data[field])}`, async () => {
      const res = await api('mutation($d: SiteCreateInput!) { createSite(data: $d) { id } }', { d: { name: 'bad', ...data } });
      expect(res.errors?.[0].extensions?.code, JSON.stringify(res.errors)).toBe('VALIDATION_FAILED');
      expect(res.errors?.[0].extensions?.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });
  }

  it('refuses a range ending before it starts on updates too, at its end', async () => {
    const res = await api('mutation { updateSites(filter: {name: {eq: "paris"}}, data: {contract: {start: "2026-05-01", end: "2026-04-01"}}) { ids } }');
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0].extensions?.errors.map((e: { pointer: string }) => e.pointer)).toContain('/data/contract/end');
  });

  it('refuses an overlaps filter ending before it starts', async () => {
    const res = await api('{ sites(filter: {contract: {overlaps: {start: "2026-02-01", end: "2026-01-01"}}}) { nodes { name } } }');
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.errors?.[0]?.pointer).toBe('/filter/contract/overlaps/end');
  });
});
