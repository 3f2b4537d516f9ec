import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { tenantKeys } from '../src/encryption/keys.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The encrypted field type (issue 13, item 8): text encrypted at rest with the tenant's key
 * (AES-256-GCM under a data key wrapped by the master key), read back decrypted on both GraphQL
 * paths, equality filters through the blind index, no sort or group, the record history masked,
 * and another tenant's key unable to open it.
 */
let server: RunningServer;
let api: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;
let md: ReturnType<typeof metadataClient>;
let tenant: Awaited<ReturnType<typeof newTenant>>;
let other: Awaited<ReturnType<typeof newTenant>>;

const SECRET = '110101199003071234';
const ok = (res: GraphQLResponse) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const DOC = { objects: [{ name: 'patient', fields: [{ name: 'name', type: 'text' }, { name: 'idNumber', type: 'encrypted', maxLength: 40 }] }] };

beforeAll(async () => {
  server = await startTestServer();
  tenant = await newTenant(server, 'en');
  other = await newTenant(server, 'eo');
  md = metadataClient(server, tenant.apiKey);
  api = (query, variables) => gql(server, '/graphql', tenant.apiKey, query, variables);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: DOC }));
  ok(await metadataClient(server, other.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: DOC }));
  ok(await api('mutation($d: [PatientCreateInput!]!) { createPatients(data: $d) { id } }', { d: [{ name: 'ada', idNumber: SECRET }, { name: 'bob', idNumber: '李四-身份证-0002' }, { name: 'cy' }] }));
});
afterAll(async () => { await server?.close(); });

const raw = async (schema: string) => (await server.platform.pool.query(`select name, "idNumber", "idNumber__hash" from "${schema}"."patient" order by name`)).rows;

describe('at rest', () => {
  it('stores no plain text: the column holds a GCM ciphertext, different for equal values, and a blind index', async () => {
    const rows = await raw(tenant.tenant.schema);
    expect(rows.map((r) => r.name)).toEqual(['ada', 'bob', 'cy']);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain('李四');
    expect(rows[0].idNumber).toMatch(/^v1\.[A-Za-z0-9+/=]+$/);
    expect(rows[2].idNumber).toBeNull();
    ok(await api(`mutation { createPatient(data: {name: "ada2", idNumber: "${SECRET}"}) { id } }`));
    const again = await raw(tenant.tenant.schema);
    const [ada, ada2] = [again.find((r) => r.name === 'ada')!, again.find((r) => r.name === 'ada2')!];
    expect(ada2.idNumber).not.toBe(ada.idNumber);
    expect(ada2.idNumber__hash).toBe(ada.idNumber__hash);
    ok(await api('mutation { deletePatients(filter: {name: {eq: "ada2"}}) { count } }'));
  });

  it('keeps the tenant\'s data key only wrapped by the master key', async () => {
    const { rows } = await server.platform.pool.query('select wrapped from tessera.tenant_keys where tenant_id = $1', [tenant.tenant.id]);
    expect(rows).toHaveLength(1);
    expect(String(rows[0].wrapped).length).toBeGreaterThan(60);
  });

  it('another tenant\'s key cannot open it', async () => {
    const ciphertext = (await raw(tenant.tenant.schema))[0].idNumber as string;
    const mine = await tenantKeys(server.platform.pool, tenant.tenant.id);
    const theirs = await tenantKeys(server.platform.pool, other.tenant.id);
    expect(mine.decrypt(ciphertext)).toBe(SECRET);
    expect(() => theirs.decrypt(ciphertext)).toThrow();
    expect(theirs.blindIndex(SECRET)).not.toBe(mine.blindIndex(SECRET));
    // Copied into the other tenant's table, it reads as null there (it does not open), never as text.
    const otherApi = (q: string) => gql(server, '/graphql', other.apiKey, q);
    await server.platform.pool.query(`insert into "${other.tenant.schema}"."patient" (id, name, "idNumber", "idNumber__hash") values ('01900000-0000-7000-8000-0000000000ee', 'stolen', $1, 'x')`, [ciphertext]);
    expect(ok(await otherApi('{ patients { nodes { name idNumber } } }')).patients.nodes).toEqual([{ name: 'stolen', idNumber: null }]);
  });
});

describe('through the API', () => {
  it('reads the values decrypted, on the compiled path and graphql-js', async () => {
    const nodes = ok(await api('{ patients(orderBy: [{name: ASC}]) { nodes { name idNumber } } }')).patients.nodes;
    expect(nodes).toEqual([{ name: 'ada', idNumber: SECRET }, { name: 'bob', idNumber: '李四-身份证-0002' }, { name: 'cy', idNumber: null }]);
    const viaVariables = ok(await api('query($n: String) { patients(filter: {name: {eq: $n}}) { nodes { idNumber } } }', { n: 'bob' })).patients.nodes;
    expect(viaVariables).toEqual([{ idNumber: '李四-身份证-0002' }]);
  });

  it('filters by equality through the blind index, with literals and variables', async () => {
    const names = (res: GraphQLResponse) => ok(res).patients.nodes.map((n: { name: string }) => n.name).sort();
    expect(names(await api(`{ patients(filter: {idNumber: {eq: "${SECRET}"}}) { nodes { name } } }`))).toEqual(['ada']);
    expect(names(await api('query($v: String) { patients(filter: {idNumber: {eq: $v}}) { nodes { name } } }', { v: SECRET }))).toEqual(['ada']);
    expect(names(await api('query($f: PatientFilter) { patients(filter: $f) { nodes { name } } }', { f: { idNumber: { in: ['nope', '李四-身份证-0002'] } } }))).toEqual(['bob']);
    expect(names(await api('{ patients(filter: {idNumber: {isNull: true}}) { nodes { name } } }'))).toEqual(['cy']);
    expect(names(await api(`{ patients(filter: {idNumber: {eq: "${SECRET.slice(0, 6)}"}}) { nodes { name } } }`))).toEqual([]);
  });

  it('offers no other operator, no sort and no group', async () => {
    const ops = ok(await api('{ __type(name: "EncryptedFilter") { inputFields { name } } }')).__type.inputFields.map((f: { name: string }) => f.name);
    expect(ops).toEqual(['eq', 'in', 'isNull']);
    const sort = await api('{ patients(orderBy: [{idNumber: ASC}]) { nodes { name } } }');
    expect(sort.errors?.[0].message).toMatch(/idNumber/);
    const contains = await api('{ patients(filter: {idNumber: {contains: "1101"}}) { nodes { name } } }');
    expect(contains.errors).toBeDefined();
  });

  it('updates re-encrypt; the record history shows a mask, never the text', async () => {
    const id = ok(await api('{ patients(filter: {name: {eq: "cy"}}) { nodes { id } } }')).patients.nodes[0].id;
    ok(await api(`mutation { updatePatient(id: "${id}", data: {idNumber: "new secret 42"}) { id } }`));
    expect(ok(await api(`{ patient(id: "${id}") { idNumber } }`)).patient.idNumber).toBe('new secret 42');
    ok(await api(`mutation { updatePatient(id: "${id}", data: {idNumber: "newer secret 43"}) { id } }`));
    const history = await server.platform.pool.query(`select * from "${tenant.tenant.schema}"."_history"`).catch(() => null);
    const everything = JSON.stringify(history?.rows ?? []) + JSON.stringify(ok(await api(`{ recordHistory(object: "patient", id: "${id}") { changes { field before after } } }`)));
    expect(everything).not.toContain('secret');
    expect(everything).toContain('••••••');
    // Nowhere at rest: every table of the tenant's schema and of the platform's, rows as text.
    const { rows: tables } = await server.platform.pool.query(`select table_schema as s, table_name as t from information_schema.tables where table_schema in ($1, 'tessera') and table_type = 'BASE TABLE'`, [tenant.tenant.schema]);
    for (const { s, t } of tables) {
      const { rows } = await server.platform.pool.query(`select count(*)::int as n from "${s}"."${t}" x where x::text like '%secret 4%' or x::text like '%${SECRET}%'`);
      expect(rows[0].n, `${s}.${t}`).toBe(0);
    }
  });
});
