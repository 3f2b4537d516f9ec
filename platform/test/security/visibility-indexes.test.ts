import { getVariableValues } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedDocument, operationOf } from '../../src/graphql/data-api/documents.ts';
import { limitsFrom } from '../../src/model/limits.ts';
import { operationReads } from '../../src/graphql/data-api/requests.ts';
import { prepareRead } from '../../src/operations/index.ts';
import { loadCatalog } from '../../src/metadata/index.ts';
import { ruleColumns } from '../../src/security/visibility-indexes.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';
import { tenantApi } from '../../src/graphql/data-api/schema-cache.ts';

/**
 * The indexes the platform keeps for row-level security: one per declared index of a private
 * object, with the visibility columns and the sharing rules' columns included, so that a user's
 * list finds its page's ids by an index-only scan. Built in the background after metadata and
 * security changes; rebuilt when the rules' columns change; dropped when the object goes public.
 */

let server: RunningServer;
let tenantId: string;
let schema: string;
let md: ReturnType<typeof metadataClient>;
let rep: { id: string; key: string };
let adminKey: string;

const ok = (res: { errors?: unknown; data?: any }) => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};
/**
 * The tenant's vx_ indexes as PostgreSQL describes them (valid ones). The platform drops them in the
 * background (DROP INDEX CONCURRENTLY): pg_get_indexdef of one dropped under the query fails ("cache
 * lookup failed"), so the catalog is read again then.
 */
const indexes = async (): Promise<{ name: string; def: string }[]> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await server.platform.pool.query(
        `select c.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relname like 'vx\\_%' and i.indisvalid order by 1`, [schema])).rows as { name: string; def: string }[];
    } catch (error) {
      if (attempt >= 5 || !/cache lookup failed/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
};
async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let value = await probe();
  for (let i = 0; i < 100 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'vx');
  tenantId = t.tenant.id;
  schema = t.tenant.schema;
  adminKey = t.apiKey;
  md = metadataClient(server, t.apiKey);
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [
    { name: 'region', fields: [{ name: 'name', type: 'text' }] },
    { name: 'deal', fields: [
      { name: 'name', type: 'text' }, { name: 'stage', type: 'select', options: [{ value: 'open' }, { value: 'won' }] },
      { name: 'amount', type: 'integer' }, { name: 'region', type: 'lookup', target: 'region' },
    ], indexes: [{ fields: ['stage', 'createdAt'] }] },
  ] } }));
  ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: 'rep', parent: null, objectPermissions: [{ object: 'deal', read: true }] } }));
  const user = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: 'rep@vx.test', name: 'rep', role: 'rep' } })).createUser.id as string;
  rep = { id: user, key: ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).createApiKey.key };
  const rows = Array.from({ length: 40 }, (_, i) => `{name: "d${i}", stage: ${i % 2 ? 'won' : 'open'}, amount: ${i * 10}${i % 4 === 0 ? `, owner: "${user}"` : ''}}`);
  expect((await gql(server, '/graphql', t.apiKey, `mutation { createDeals(data: [${rows.join(', ')}]) { id } }`)).errors).toBeUndefined();
});
afterAll(async () => {
  await server?.close();
});

describe('visibility indexes', () => {
  it('read the columns of a rule filter, through and/or/not, lookups and the owner', async () => {
    const deal = (await loadCatalog(server.platform.sql, tenantId)).objects.get('deal')!;
    expect([...ruleColumns(deal, { amount: { gte: 5 } })]).toEqual(['amount']);
    expect([...ruleColumns(deal, { or: [{ stage: { eq: 'won' } }, { not: { region: { name: { eq: 'x' } } } }], and: [{ owner: { eq: 'u' } }] })].sort()).toEqual(['ownerId', 'region', 'stage']);
    expect([...ruleColumns(deal, { nosuchfield: { eq: 1 } })]).toEqual([]);
  });

  it('are none while every object is public', async () => {
    await server.platform.visibilityIndexes.sync(tenantId);
    expect(await indexes()).toEqual([]);
  });

  it('follow the sharing model and the rules, in the background', async () => {
    ok(await md(`mutation { updateObject(name: "deal", input: {sharing: PRIVATE}) { name } }`));
    const first = await eventually(indexes, (list) => list.length === 1);
    expect(first).toHaveLength(1);
    expect(first[0].def).toMatch(/\(stage, "createdAt"\) INCLUDE \(id, "ownerId", "_sharedWith", "deletedAt"\)$/);
    ok(await md(`mutation { createSharingRule(input: {object: "deal", filter: {amount: {gte: 300}}, shareWith: {role: "rep"}, access: READ}) { id } }`));
    // The security change is seen by the next request that loads the tenant's security.
    expect((await gql(server, '/graphql', rep.key, '{ deals(first: 1) { edges { node { id } } } }')).errors).toBeUndefined();
    const second = await eventually(indexes, (list) => list.length === 1 && list[0].name !== first[0].name);
    expect(second).toHaveLength(1);
    expect(second[0].def).toMatch(/INCLUDE \(id, "ownerId", "_sharedWith", "deletedAt", amount\)$/);
  });

  it('let a rep’s list find its page by an index-only scan, and answer what the rep may see', async () => {
    const api = tenantApi(await server.platform.schemas.get(tenantId));
    const security = (await server.platform.security.get(tenantId)).contextFor(rep.id);
    const query = `{ deals(filter: {stage: {eq: won}}, orderBy: [{createdAt: DESC}], first: 5) { edges { node { id name amount } } } }`;
    const doc = cachedDocument(api, query);
    const { sql } = prepareRead({ model: api.model, limits: limitsFrom({}), security }, operationReads({ schema: doc.schema, model: api.model, fragments: {}, variables: getVariableValues(doc.schema, [], {}).coerced! }, operationOf(doc.document, undefined)!));
    const client = await server.platform.pool.connect();
    try {
      // A 40-row table is read whole otherwise: ask for the plan a large one gets.
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      await client.query('set local enable_bitmapscan = off');
      const plan = (await client.query(`explain ${sql.text}`, sql.params as unknown[])).rows.map((r) => r['QUERY PLAN']).join('\n');
      // Index-only where VACUUM could mark pages all-visible (another suite's open transaction on the shared cluster can keep it from that).
      expect(plan).toMatch(/Index (Only )?Scan (Backward )?using "?vx_/);
      await client.query('rollback');
    } finally {
      client.release();
    }
    const res = await gql(server, '/graphql', rep.key, query);
    expect(res.errors).toBeUndefined();
    // Won deals are the odd ones; the rep owns every fourth (even: none won) and the rule shares amount ≥ 300 (i ≥ 30):
    // the administrator's answer with the rule as a filter, in the same order (ties on createdAt broken by id).
    const names = (r: any) => r.data.deals.edges.map((e: any) => e.node.name);
    const admin = await gql(server, '/graphql', adminKey, `{ deals(filter: {stage: {eq: won}, amount: {gte: 300}}, orderBy: [{createdAt: DESC}], first: 5) { edges { node { name } } } }`);
    expect(names(res)).toEqual(names(admin));
    expect(new Set(names(res))).toEqual(new Set(['d31', 'd33', 'd35', 'd37', 'd39']));
  });

  it('are dropped when the object goes public again', async () => {
    ok(await md(`mutation { updateObject(name: "deal", input: {sharing: PUBLIC_READ_WRITE}) { name } }`));
    expect(await eventually(indexes, (list) => list.length === 0)).toEqual([]);
  });
});
