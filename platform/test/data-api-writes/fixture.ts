import { expect } from 'vitest';
import { ERROR_CODES } from '../../src/errors/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, type GraphQLResponse } from '../support/server.ts';

/**
 * The write-side fixture: a lead with a field of every type, an account it looks up (setNull), a
 * contact that is a master-detail child of the account (cascade), and an invoice whose lookup
 * restricts the account's deletion.
 */
export const FIXTURE = {
  objects: [
    { name: 'account', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'code', type: 'text', unique: true },
      { name: 'industry', type: 'select', options: [{ value: 'fmcg' }, { value: 'tech' }] },
    ] },
    { name: 'lead', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'email', type: 'email', unique: true },
      { name: 'phone', type: 'phone' },
      { name: 'website', type: 'url' },
      { name: 'status', type: 'select', options: [{ value: 'New' }, { value: 'MQL' }, { value: 'SQL' }], defaultValue: 'New' },
      { name: 'score', type: 'integer', defaultValue: 10 },
      { name: 'rating', type: 'number', precision: 5, scale: 2 },
      { name: 'probability', type: 'percent' },
      { name: 'amount', type: 'currency' },
      { name: 'tags', type: 'multiSelect', options: [{ value: 'hot' }, { value: 'cold' }, { value: 'vip' }] },
      { name: 'extra', type: 'json' },
      { name: 'born', type: 'date' },
      { name: 'seenAt', type: 'dateTime' },
      { name: 'notes', type: 'longText' },
      { name: 'body', type: 'richText' },
      { name: 'active', type: 'boolean', defaultValue: true },
      { name: 'extId', type: 'uuid', unique: true },
      { name: 'location', type: 'geolocation' },
      { name: 'account', type: 'lookup', target: 'account' },
      { name: 'reviewer', type: 'user' },
    ] },
    { name: 'contact', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'account', type: 'masterDetail', target: 'account' },
    ] },
    { name: 'invoice', fields: [
      { name: 'number', type: 'text', required: true },
      { name: 'account', type: 'lookup', target: 'account', onDelete: 'restrict' },
    ] },
  ],
};

export const LEAD_FIELDS = 'id name email phone website status score rating probability amount { amount currency } tags extra born seenAt notes body active extId location { lat lng } account { id name } reviewer { id name } createdAt updatedAt';

export interface FixtureTenant {
  id: string;
  schema: string;
  apiKey: string;
  adminId: string;
  api: <T = any>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;
  /** Rows of the object's table matching `where` (soft-deleted ones included), counted with SQL. */
  count: (object: string, where?: string, params?: unknown[]) => Promise<number>;
  sql: (text: string, params?: unknown[]) => Promise<any[]>;
  /** A digest of every row of the object's table (all columns, deleted rows included): equal digests, nothing written. */
  fingerprint: (object: string) => Promise<string>;
}

/** A new tenant with the fixture metadata applied. */
export async function fixtureTenant(server: RunningServer, document: unknown = FIXTURE): Promise<FixtureTenant> {
  const t = await newTenant(server, 'w');
  const applied = await metadataClient(server, t.apiKey)(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: document });
  expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
  const schema = t.tenant.schema;
  const sql = async (text: string, params: unknown[] = []) => (await server.platform.pool.query(text, params)).rows;
  const table = async (object: string) => `"${schema}"."${(await sql('select table_name from tessera.object_definitions where tenant_id = $1 and name = $2 and deleted_at is null', [t.tenant.id, object]))[0].table_name}"`;
  return {
    id: t.tenant.id,
    schema,
    apiKey: t.apiKey,
    adminId: t.admin.id,
    api: (query, variables) => gql(server, '/graphql', t.apiKey, query, variables),
    sql,
    count: async (object, where = 'true', params = []) => (await sql(`select count(*)::int as n from ${await table(object)} where ${where}`, params))[0].n,
    fingerprint: async (object) => (await sql(`select count(*) || ':' || md5(coalesce(string_agg(x::text, ',' order by x.id), '')) as f from ${await table(object)} x`))[0].f,
  };
}

/** Asserts the response refused the operation with `code`, and returns the first error. */
export function expectError(res: GraphQLResponse, code: string) {
  expect(res.status, JSON.stringify(res)).not.toBe(500);
  expect(res.errors?.length, JSON.stringify(res)).toBeGreaterThan(0);
  const err = res.errors![0];
  expect(err.extensions?.code, JSON.stringify(res.errors)).toBe(code);
  expectClean(res);
  return err;
}

/** The codes any error may carry: the closed set (INTERNAL being a bug in these tests). */
export const CLIENT_CODES = Object.keys(ERROR_CODES).filter((c) => c !== 'INTERNAL');

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** No SQL text, stack trace or PostgreSQL detail in what the client got. */
export function expectClean(res: GraphQLResponse) {
  const text = JSON.stringify(res);
  // SQL is looked for within each string the client got (a message, a detail): across two messages,
  // a list naming the field type `select` and ajv's "allowed values" would read as a statement.
  for (const s of strings(res)) expect(s, text.slice(0, 2000)).not.toMatch(/\b(select|insert into|update \S+ set|delete from)\b.*\b(from|where|values|set)\b/i);
  expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  expect(text).not.toMatch(/\bstack\b|\bstacktrace\b/i);
  expect(text).not.toMatch(/violates|syntax error at|relation ".*" does not exist|invalid input syntax/);
  for (const e of res.errors ?? []) expect(CLIENT_CODES, JSON.stringify(e)).toContain(e.extensions?.code);
}
