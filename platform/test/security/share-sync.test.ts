import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { tenantTablesSql } from '../../src/storage/ddl/tenant-tables.ts';
import { gql, metadataClient, newTenant, testDatabaseUrl, startTestServer } from '../support/server.ts';

/**
 * Reads test manual shares on the record's `_sharedWith` (the principals of its `_share` rows),
 * which triggers on `_share` keep. These check that it always equals `_share`, whoever writes
 * `_share` (shareRecord, plain SQL, bulk statements), under concurrent transactions, for tables
 * made before the column existed — and that what a user sees follows it.
 */

let server: RunningServer;
let schema: string;
let table: string;
let adminKey: string;
let rep: { id: string; key: string };
const records: string[] = [];

const q = async (text: string, params: unknown[] = []) => (await server.platform.pool.query(text, params)).rows;
/** `_share`'s principals for each record (sorted), and the records' `_sharedWith`: they must agree. */
async function drift(): Promise<{ id: string; want: string[] | null; got: string[] | null }[]> {
  const rows = await q(`select r.id, r."_sharedWith" as got,
      (select array_agg(s.principal order by s.principal) from "${schema}"."_share" s where s."object" = 'deal' and s."recordId" = r.id) as want
    from "${schema}"."${table}" r`);
  return rows.filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want));
}
const sharedWith = async (id: string) => (await q(`select "_sharedWith" as p from "${schema}"."${table}" where id = $1`, [id]))[0].p as string[] | null;
const repSees = async () => {
  const res = await gql(server, '/graphql', rep.key, '{ deals(first: 100) { edges { node { id } } } }');
  expect(res.errors).toBeUndefined();
  return new Set((res.data.deals.edges as { node: { id: string } }[]).map((e) => e.node.id));
};

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'share');
  schema = t.tenant.schema;
  adminKey = t.apiKey;
  const md = metadataClient(server, adminKey);
  const ok = (res: { errors?: unknown; data?: any }) => {
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [{ name: 'deal', fields: [{ name: 'name', type: 'text' }] }] } }));
  ok(await md(`mutation { updateObject(name: "deal", input: {sharing: PRIVATE}) { name } }`));
  ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: 'rep', parent: null, objectPermissions: [{ object: 'deal', read: true, update: true }] } }));
  const user = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: 'rep@share.test', name: 'rep', role: 'rep' } })).createUser.id as string;
  rep = { id: user, key: ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).createApiKey.key };
  ok(await md(`mutation($i: GroupInput!) { createGroup(input: $i) { id } }`, { i: { name: 'team' } }));
  ok(await md(`mutation { addGroupMember(group: "team", member: {user: "${user}"}) { id } }`));
  const created = await gql(server, '/graphql', adminKey, `mutation { createDeals(data: [${Array.from({ length: 6 }, (_, i) => `{name: "d${i}"}`).join(', ')}]) { id } }`);
  expect(created.errors).toBeUndefined();
  records.push(...(created.data.createDeals as { id: string }[]).map((r) => r.id));
  table = (await q(`select d.table_name from tessera.object_definitions d where d.tenant_id = $1 and d.name = 'deal'`, [t.tenant.id]))[0].table_name;
});
afterAll(async () => {
  await server?.close();
});

describe('_sharedWith', () => {
  it('follows shareRecord, to a user and to a group, and the rep sees exactly those records', async () => {
    expect(await repSees()).toEqual(new Set());
    const share = (id: string, target: string, access = 'READ') => gql(server, '/metadata', adminKey, `mutation { shareRecord(object: "deal", id: "${id}", with: ${target}, access: ${access}) }`);
    expect((await share(records[0], `{user: "${rep.id}"}`)).errors).toBeUndefined();
    expect((await share(records[1], '{group: "team"}')).errors).toBeUndefined();
    // Shared again with another access: the same principal, once.
    expect((await share(records[1], '{group: "team"}', 'READ_WRITE')).errors).toBeUndefined();
    expect(await sharedWith(records[0])).toEqual([`u:${rep.id}`]);
    expect(await sharedWith(records[1])).toHaveLength(1);
    expect(await sharedWith(records[2])).toBeNull();
    expect(await repSees()).toEqual(new Set([records[0], records[1]]));
    expect(await drift()).toEqual([]);
  });

  it('follows plain SQL inserts, updates and deletes of _share, one row or many', async () => {
    const s = `"${schema}"."_share"`;
    await q(`insert into ${s} ("object", "recordId", "principal", "access") select 'deal', id, p, 'READ' from unnest($1::uuid[]) id, unnest(array['u:${rep.id}', 'r:x', 'g:y']) p`, [records.slice(2, 5)]);
    expect(await sharedWith(records[3])).toEqual(['g:y', 'r:x', `u:${rep.id}`]);
    expect(await drift()).toEqual([]);
    expect(await repSees()).toEqual(new Set(records.slice(0, 5)));
    // A share moved to another record (an UPDATE of the key): the old record loses it.
    await q(`update ${s} set "recordId" = $2 where "object" = 'deal' and "recordId" = $1 and principal = 'u:${rep.id}'`, [records[4], records[5]]);
    expect(await sharedWith(records[4])).toEqual(['g:y', 'r:x']);
    expect(await sharedWith(records[5])).toEqual([`u:${rep.id}`]);
    expect(await repSees()).toEqual(new Set([...records.slice(0, 4), records[5]]));
    await q(`delete from ${s} where "recordId" = any($1::uuid[])`, [records.slice(2)]);
    expect(await drift()).toEqual([]);
    expect(await sharedWith(records[3])).toBeNull();
    expect(await repSees()).toEqual(new Set(records.slice(0, 2)));
  });

  it('stays exact when transactions share and unshare one record at the same time', async () => {
    const s = `"${schema}"."_share"`;
    const id = records[2];
    const client = async () => {
      const c = new pg.Client(testDatabaseUrl());
      await c.connect();
      return c;
    };
    const [a, b] = [await client(), await client()];
    try {
      // Two shares at once: the second waits for the first's lock, then counts its share too.
      await a.query('begin');
      await b.query('begin');
      await a.query(`insert into ${s} ("object", "recordId", "principal", "access") values ('deal', $1, 'u:a', 'READ')`, [id]);
      const second = b.query(`insert into ${s} ("object", "recordId", "principal", "access") values ('deal', $1, 'u:b', 'READ')`, [id]);
      await new Promise((r) => setTimeout(r, 200));
      await a.query('commit');
      await second;
      await b.query('commit');
      expect(await sharedWith(id)).toEqual(['u:a', 'u:b']);
      // An unshare and a share at once: the removed principal does not come back.
      await a.query('begin');
      await b.query('begin');
      await a.query(`delete from ${s} where "recordId" = $1 and principal = 'u:a'`, [id]);
      const third = b.query(`insert into ${s} ("object", "recordId", "principal", "access") values ('deal', $1, 'u:c', 'READ')`, [id]);
      await new Promise((r) => setTimeout(r, 200));
      await a.query('commit');
      await third;
      await b.query('commit');
      expect(await sharedWith(id)).toEqual(['u:b', 'u:c']);
      expect(await drift()).toEqual([]);
    } finally {
      await a.end();
      await b.end();
      await q(`delete from ${s} where "recordId" = $1`, [id]);
    }
  });

  it('is added and filled from _share for object tables made before it existed', async () => {
    await q(`alter table "${schema}"."${table}" drop column "_sharedWith"`);
    for (const statement of tenantTablesSql(schema)) await q(statement);
    expect(await sharedWith(records[0])).toEqual([`u:${rep.id}`]);
    expect(await drift()).toEqual([]);
  });
});
