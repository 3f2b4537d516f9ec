import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { expectClean, expectError, fixtureTenant, type FixtureTenant } from '../data-api-writes/fixture.ts';
import { gql, metadataClient, startTestServer } from '../support/server.ts';

/**
 * Formula fields (issue 13, item 2) over the real server and PostgreSQL: computed in the generated
 * SQL, so selected, filtered, sorted (with cursors), grouped and aggregated like stored fields, on
 * the compiled path and through graphql-js alike; read-only in inputs; checked when the catalog
 * changes; by the platform's clock (the test clock moves TODAY).
 */
const DOCUMENT = {
  objects: [
    { name: 'account', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'industry', type: 'select', options: [{ value: 'fmcg' }, { value: 'tech' }] },
      { name: 'location', type: 'geolocation' },
    ] },
    { name: 'lead', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'score', type: 'integer' },
      { name: 'amount', type: 'currency' },
      { name: 'closeDate', type: 'date' },
      { name: 'location', type: 'geolocation' },
      { name: 'account', type: 'lookup', target: 'account' },
      { name: 'grade', type: 'formula', returnType: 'text', expression: 'IF(score >= 60, "hot", "cold")' },
      { name: 'weighted', type: 'formula', returnType: 'number', expression: 'amount * score / 100' },
      { name: 'sector', type: 'formula', returnType: 'text', expression: 'BLANKVALUE(account.industry, "—") & "/" & account.name' },
      { name: 'onSite', type: 'formula', returnType: 'boolean', expression: 'DISTANCE(location, account.location) <= 200' },
      { name: 'followUp', type: 'formula', returnType: 'date', expression: 'ADDDAYS(closeDate, 30)' },
      { name: 'daysLeft', type: 'formula', returnType: 'number', expression: 'DATEDIFF(TODAY(), closeDate)' },
    ] },
  ],
};

let server: RunningServer;
let t: FixtureTenant;
let md: ReturnType<typeof metadataClient>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_TEST_CLOCK: '1' } });
  t = await fixtureTenant(server, DOCUMENT);
  md = metadataClient(server, t.apiKey);
  expect((await md('mutation { setClock(at: "2026-03-15T10:00:00Z") { now } }')).errors).toBeUndefined();
  const acme = await t.api('mutation { createAccount(data: {name: "Acme", industry: fmcg, location: {lat: 31.2304, lng: 121.4737}}) { id } }');
  expect(acme.errors, JSON.stringify(acme.errors)).toBeUndefined();
  const beta = await t.api('mutation { createAccount(data: {name: "贝塔"}) { id } }');
  const leads = [
    { name: 'a', score: 80, amount: { amount: 1000 }, closeDate: '2026-03-20', location: { lat: 31.2305, lng: 121.4737 }, account: acme.data.createAccount.id },
    { name: 'b', score: 59, amount: { amount: 200.5 }, closeDate: '2026-04-01', location: { lat: 31.3, lng: 121.4737 }, account: acme.data.createAccount.id },
    { name: 'c', score: 60, amount: { amount: 10 }, closeDate: '2026-03-01', account: beta.data.createAccount.id },
    { name: 'd', score: null, amount: null, closeDate: null },
  ];
  const created = await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id name } }', { d: leads });
  expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
  for (const l of created.data.createLeads) ids[l.name] = l.id;
});
afterAll(async () => {
  await server?.close();
});

const gqlAs = (key: string, query: string) => gql(server, '/graphql', key, query);
const FORMULAS = 'name grade weighted sector onSite followUp daysLeft';
const byName = (nodes: { name: string }[]) => Object.fromEntries(nodes.map((n) => [n.name, n]));

describe('formula fields read like stored fields', () => {
  it('are selected, on the compiled path and through graphql-js alike', async () => {
    const query = `{ leads(orderBy: [{name: ASC}]) { nodes { ${FORMULAS} } } }`;
    const fast = await t.api(query);
    expectClean(fast);
    expect(fast.errors).toBeUndefined();
    expect(byName(fast.data.leads.nodes)).toEqual({
      a: { name: 'a', grade: 'hot', weighted: 800, sector: 'fmcg/Acme', onSite: true, followUp: '2026-04-19', daysLeft: 5 },
      b: { name: 'b', grade: 'cold', weighted: 118.295, sector: 'fmcg/Acme', onSite: false, followUp: '2026-05-01', daysLeft: 17 },
      c: { name: 'c', grade: 'hot', weighted: 6, sector: '—/贝塔', onSite: null, followUp: '2026-03-31', daysLeft: -14 },
      // `&` joins NULL as empty text: no account still gives the separator.
      d: { name: 'd', grade: 'cold', weighted: null, sector: '—/', onSite: null, followUp: null, daysLeft: null },
    });
    // The same read with introspection beside it is executed by graphql-js (the fallback path).
    const slow = await t.api(`{ __typename leads(orderBy: [{name: ASC}]) { nodes { ${FORMULAS} } } }`);
    expect(slow.data.leads).toEqual(fast.data.leads);
    const one = await t.api(`{ lead(id: "${ids.b}") { grade weighted } }`);
    expect(one.data.lead).toEqual({ grade: 'cold', weighted: 118.295 });
  });

  it('filter with the operators of their return type', async () => {
    const names = async (filter: string) => {
      const res = await t.api(`{ leads(filter: ${filter}, orderBy: [{name: ASC}]) { nodes { name } } }`);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data.leads.nodes.map((n: { name: string }) => n.name);
    };
    expect(await names('{grade: {eq: "hot"}}')).toEqual(['a', 'c']);
    expect(await names('{weighted: {gt: 100}}')).toEqual(['a', 'b']);
    expect(await names('{sector: {startsWith: "fmcg"}}')).toEqual(['a', 'b']);
    expect(await names('{onSite: {eq: true}}')).toEqual(['a']);
    expect(await names('{followUp: {lt: "2026-04-01"}}')).toEqual(['c']);
    expect(await names('{weighted: {isNull: true}}')).toEqual(['d']);
    expect(await names('{or: [{grade: {eq: "cold"}}, {daysLeft: {lt: 0}}]}')).toEqual(['b', 'c', 'd']);
  });

  it('sort, with stable cursors over the computed key', async () => {
    const page = async (after?: string) => {
      const res = await t.api(`query($after: String) { leads(orderBy: [{weighted: DESC}], first: 2, after: $after) { nodes { name weighted } pageInfo { endCursor hasNextPage } } }`, { after });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data.leads;
    };
    const first = await page();
    expect(first.nodes.map((n: { name: string }) => n.name)).toEqual(['d', 'a']);
    const second = await page(first.pageInfo.endCursor);
    expect(second.nodes.map((n: { name: string }) => n.name)).toEqual(['b', 'c']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('group and aggregate', async () => {
    const res = await t.api('{ leadsAggregate(groupBy: [{onSite: true}]) { key { onSite } count sum { weighted } avg { daysLeft } max { followUp } } }');
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const groups = Object.fromEntries(res.data.leadsAggregate.map((g: { key: { onSite: boolean | null } }) => [String(g.key.onSite), g]));
    expect(groups.true).toMatchObject({ count: 1, sum: { weighted: 800 }, avg: { daysLeft: 5 }, max: { followUp: '2026-04-19' } });
    expect(groups.false).toMatchObject({ count: 1, sum: { weighted: 118.295 }, max: { followUp: '2026-05-01' } });
    expect(groups.null).toMatchObject({ count: 2, sum: { weighted: 6 }, avg: { daysLeft: -14 }, max: { followUp: '2026-03-31' } });
    const byDate = await t.api('{ leadsAggregate(groupBy: [{followUp: MONTH}]) { key { followUp } count } }');
    expect(byDate.errors, JSON.stringify(byDate.errors)).toBeUndefined();
    expect(byDate.data.leadsAggregate.map((g: { key: { followUp: string | null }; count: number }) => [g.key.followUp?.slice(0, 7) ?? null, g.count]).sort()).toEqual([[null, 1], ['2026-03', 1], ['2026-04', 1], ['2026-05', 1]]);
  });

  it('follow the platform clock: moving it moves TODAY, on the same (otherwise cached) document', async () => {
    const query = `{ lead(id: "${ids.a}") { daysLeft } }`;
    expect((await t.api(query)).data.lead.daysLeft).toBe(5);
    expect((await md('mutation { advanceClock(by: "P3D") { now } }')).errors).toBeUndefined();
    expect((await t.api(query)).data.lead.daysLeft).toBe(2);
  });
});

describe('formula fields are read-only and checked', () => {
  it('are in no input', async () => {
    const res = await t.api('mutation { createLead(data: {name: "x", grade: "hot"}) { id } }');
    expect(res.errors?.[0].message).toMatch(/grade/);
    expectClean(res);
  });

  it('refuse an expression that does not compile, or gives another type, with its position', async () => {
    const bad = async (field: Record<string, unknown>) => {
      const res = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ ...DOCUMENT.objects[1], fields: [...DOCUMENT.objects[1].fields, field] }] } });
      return expectError(res, 'VALIDATION_FAILED');
    };
    const unknown = await bad({ name: 'broken', type: 'formula', returnType: 'number', expression: 'score +\n  nope' });
    expect(unknown.extensions!.errors[0]).toMatchObject({ field: 'broken', message: 'lead.broken: lead has no field nope (line 2, column 3)', expression: { code: 'unknownField', line: 2, column: 3, offset: 10, length: 4 } });
    const typed = await bad({ name: 'broken', type: 'formula', returnType: 'boolean', expression: 'score * 2' });
    expect(typed.extensions!.errors[0].message).toContain('must give a boolean, not a number');
    const user = await bad({ name: 'broken', type: 'formula', returnType: 'text', expression: '$User.name' });
    expect(user.extensions!.errors[0]).toMatchObject({ expression: { code: 'unknownGlobal' } });
    const missing = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ ...DOCUMENT.objects[1], fields: [...DOCUMENT.objects[1].fields, { name: 'broken', type: 'formula', expression: '1' }] }] } });
    expect(missing.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('keep the fields they read: deleting one is refused while a formula reads it', async () => {
    const fields = DOCUMENT.objects[1].fields.filter((f) => f.name !== 'score');
    const res = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ ...DOCUMENT.objects[1], fields }] } });
    const err = expectError(res, 'VALIDATION_FAILED');
    expect(err.message).toContain('lead has no field score');
    expect((await t.api(`{ lead(id: "${ids.a}") { score grade } }`)).data.lead).toEqual({ score: 80, grade: 'hot' });
  });

  it('are described by the metadata API with the traits of their return type', async () => {
    const res = await md('{ object(name: "lead") { fields { name type widget operators capabilities definition } } }');
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const weighted = res.data.object.fields.find((f: { name: string }) => f.name === 'weighted');
    expect(weighted).toMatchObject({ type: 'FORMULA', widget: 'number', operators: expect.arrayContaining(['gt', 'lte']), capabilities: { sortable: true, aggregates: expect.arrayContaining(['sum']) }, definition: { expression: 'amount * score / 100', returnType: 'number' } });
  });
});

describe('formula fields keep to the reader’s rights', () => {
  let rep: string;
  beforeAll(async () => {
    const ok = (res: { errors?: unknown }) => expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    // Accounts become private (the administrator owns them all); the rep may not read a lead's score.
    ok(await md('mutation { updateObject(name: "account", input: {sharing: PRIVATE}) { name } }'));
    ok(await md('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: {
      name: 'rep', objectPermissions: [{ object: 'lead', read: true }, { object: 'account', read: true }],
      fieldPermissions: [{ object: 'lead', field: 'score', read: false, update: false }],
    } }));
    const user = await md('mutation { createUser(input: {email: "rep@formula.test", name: "Rep", password: "password of rep", role: "rep"}) { id } }');
    ok(user);
    const key = await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user.data.createUser.id });
    ok(key);
    rep = key.data.createApiKey.key;
  });
  const asRep = (query: string) => gqlAs(rep, query);

  it('read as null what reads a field the reader may not read, and cannot be filtered or sorted by', async () => {
    const res = await asRep(`{ lead(id: "${ids.a}") { name grade weighted followUp } }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.lead).toEqual({ name: 'a', grade: null, weighted: null, followUp: '2026-04-19' });
    expectError(await asRep('{ leads(filter: {grade: {eq: "hot"}}) { nodes { name } } }'), 'FORBIDDEN');
    expectError(await asRep('{ leads(orderBy: [{weighted: ASC}]) { nodes { name } } }'), 'FORBIDDEN');
  });

  it('read a lookup’s fields only from records the reader may see (row-level access on the formula’s subqueries)', async () => {
    const res = await asRep(`{ lead(id: "${ids.a}") { sector onSite account { id } } }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    // The account is private to the administrator: its fields read as NULL, as the lookup itself does.
    expect(res.data.lead).toEqual({ sector: '—/', onSite: null, account: null });
    expect((await t.api(`{ lead(id: "${ids.a}") { sector onSite } }`)).data.lead).toEqual({ sector: 'fmcg/Acme', onSite: true });
  });
});

it('cannot be a sharing rule’s criterion (rules are conditions of row-level access itself)', async () => {
  const res = await md('mutation($i: SharingRuleInput!) { createSharingRule(input: $i) { id } }', { i: { object: 'lead', filter: { grade: { eq: 'hot' } }, shareWith: { role: 'rep' }, access: 'READ' } });
  const err = expectError(res, 'VALIDATION_FAILED');
  expect(err.extensions!.errors[0]).toMatchObject({ pointer: '/filter/grade' });
});
