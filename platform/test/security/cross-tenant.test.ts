import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, startTestServer } from '../support/server.ts';
import { generate, OBJECTS, type ObjectName } from './generate.ts';
import { Oracle } from './oracle.ts';
import { codeOf, judge, Tally, type Outcome } from './tally.ts';
import { buildTenant, listField, pluralName, upper, type BuiltTenant } from './tenant.ts';
import { probe } from './probe-plugin.ts';

/**
 * Two generated tenants on one server; every user of each tries the other's record ids through
 * every path (get, list and aggregate filters on id, lookup and child filters, update, delete,
 * restore, bulk update, lookups on create, sharing and user administration). None may see or
 * change anything: null, empty, 0, NOT_FOUND (FORBIDDEN only where the object right is missing,
 * whatever the id), and the other tenant's rows unchanged.
 */

const SEED = Number(process.env.SECURITY_SEED ?? 20_240_601);
let server: RunningServer;
let A: BuiltTenant;
let B: BuiltTenant;
const tenants: { name: string; t: BuiltTenant; oracle: Oracle; other: () => { t: BuiltTenant; ids: Record<ObjectName, string[]> } }[] = [];
const tally = new Tally('cross-tenant');

/** Every row of every object table of a tenant, as one digest. */
async function fingerprint(t: BuiltTenant): Promise<string> {
  const parts = await Promise.all(OBJECTS.map(async (o) => (await t.sql(`select count(*) || ':' || md5(coalesce(string_agg(x::text, ',' order by x.id), '')) as f from ${t.table(o)} x`))[0].f));
  return parts.join('|');
}

beforeAll(async () => {
  server = await startTestServer();
  const specA = generate(SEED);
  const specB = generate(SEED + 1);
  await server.platform.plugins.install(probe);
  A = await buildTenant(server, specA, 'seca');
  B = await buildTenant(server, specB, 'secb');
  const ids = (spec: typeof specA) => Object.fromEntries(OBJECTS.map((o) => [o, spec.records[o].map((r) => r.id)])) as Record<ObjectName, string[]>;
  tenants.push({ name: 'A', t: A, oracle: new Oracle(specA), other: () => ({ t: B, ids: ids(specB) }) });
  tenants.push({ name: 'B', t: B, oracle: new Oracle(specB), other: () => ({ t: A, ids: ids(specA) }) });
});
afterAll(async () => {
  console.log(tally.report());
  await server?.close();
});

describe('another tenant’s record ids', () => {
  it('are not found through any read or write path, for every user of both tenants', async () => {
    const before = await Promise.all([fingerprint(A), fingerprint(B)]);
    for (const { name, t, oracle, other } of tenants) {
      const foreign = other().ids;
      for (const user of t.users.keys()) {
        for (const object of OBJECTS) {
          const readable = oracle.rights(user, object).read;
          const ids = foreign[object];
          const some = ids.slice(0, 3);
          // get by id
          const gets = await t.as(user, `{ ${some.map((id, i) => `r${i}: ${object}(id: "${id}") { id }`).join(' ')} }`);
          some.forEach((id, i) => {
            tally.attempt('get');
            const data = judge(tally, `${name}:${user} get ${object} ${id}`, readable ? 'OK' : 'FORBIDDEN', gets, `r${i}`);
            if (data) tally.leak(`${name}:${user} get ${object} ${id}: ${JSON.stringify(data)}`);
          });
          // list and aggregate filtered on the foreign ids
          const list = await t.as(user, `query($f: ${upper(object)}Filter) { list: ${listField(object)}(filter: $f) { totalCount edges { node { id } } } agg: ${listField(object)}Aggregate(filter: $f) { count } }`, { f: { id: { in: ids } } });
          tally.attempt('list filter');
          tally.attempt('aggregate filter');
          const l = judge(tally, `${name}:${user} ${listField(object)}(id in …)`, readable ? 'OK' : 'FORBIDDEN', list, 'list');
          if (l && (l.totalCount !== 0 || l.edges.length)) tally.leak(`${name}:${user} ${listField(object)}(id in …): ${JSON.stringify(l).slice(0, 200)}`);
          const agg = judge<{ count: number }[]>(tally, `${name}:${user} ${listField(object)}Aggregate(id in …)`, readable ? 'OK' : 'FORBIDDEN', list, 'agg');
          if (agg && agg.some((g) => g.count > 0)) tally.leak(`${name}:${user} ${listField(object)}Aggregate(id in …): ${JSON.stringify(agg)}`);
          // single writes
          for (const [verb, field] of [['update', `update${upper(object)}(id: $id, data: {touch: 99})`], ['delete', `delete${upper(object)}(id: $id)`], ['restore', `restore${upper(object)}(id: $id)`]] as const) {
            const res = await t.as(user, `mutation($id: ID!) { one: ${field} { id } }`, { id: ids[0] });
            tally.attempt(verb);
            const expected: Outcome = verb === 'restore' ? oracle.expectedRestore(user, object, ids[0]) : oracle.expectedWrite(user, object, ids[0], verb);
            if (expected === 'OK') throw new Error('the oracle knows a foreign id');
            judge(tally, `${name}:${user} ${verb} ${object} ${ids[0]}`, expected, res, 'one');
          }
          // a plugin's command and query reading the foreign records as the caller
          const command = await t.as(user, `mutation($id: ID!) { one: ${object}Probe(id: $id) }`, { id: ids[0] });
          tally.attempt('plugin command');
          judge(tally, `${name}:${user} ${object}Probe(${ids[0]})`, readable ? 'NOT_FOUND' : 'FORBIDDEN', command, 'one');
          const query = await t.as(user, `query($i: JSON!) { found: securityProbe(input: $i) }`, { i: { object, ids } });
          tally.attempt('plugin query');
          const found = judge<unknown[]>(tally, `${name}:${user} securityProbe(${object})`, readable ? 'OK' : 'FORBIDDEN', query, 'found');
          if (found && found.length) tally.leak(`${name}:${user} securityProbe(${object}): ${found.length} records`);
          // bulk update by the foreign ids
          const bulk = await t.as(user, `mutation($f: ${upper(object)}Filter!) { bulk: update${pluralName(object)}(filter: $f, data: {touch: 98}) { count } }`, { f: { id: { in: ids } } });
          tally.attempt('bulk');
          const b = judge<{ count: number }>(tally, `${name}:${user} update${pluralName(object)}(id in …)`, oracle.rights(user, object).update ? 'OK' : 'FORBIDDEN', bulk, 'bulk');
          if (b && b.count !== 0) tally.leak(`${name}:${user} update${pluralName(object)}(id in …) changed ${b.count}`);
        }
        // lookup and child filters on foreign ids
        const cases: [ObjectName, Record<string, unknown>, ObjectName[]][] = [
          ['opportunity', { account: { id: { in: foreign.account } } }, ['opportunity', 'account']],
          ['opportunity', { account: { id: { eq: foreign.account[0] } } }, ['opportunity', 'account']],
          ['note', { opportunity: { id: { in: foreign.opportunity } } }, ['note', 'opportunity']],
          ['account', { opportunitiesSome: { id: { in: foreign.opportunity } } }, ['account', 'opportunity']],
          ['opportunity', { notesSome: { id: { in: foreign.note } } }, ['opportunity', 'note']],
        ];
        for (const [object, filter, needs] of cases) {
          const res = await t.as(user, `query($f: ${upper(object)}Filter) { list: ${listField(object)}(filter: $f) { edges { node { id } } } }`, { f: filter });
          tally.attempt('relation filter');
          const data = judge(tally, `${name}:${user} ${listField(object)}(${Object.keys(filter)[0]} …)`, needs.every((o) => oracle.rights(user, o).read) ? 'OK' : 'FORBIDDEN', res, 'list');
          if (data?.edges.length) tally.leak(`${name}:${user} ${listField(object)}(${JSON.stringify(filter).slice(0, 80)}): ${data.edges.length} records`);
        }
        // a lookup to a foreign record on create
        for (const [object, data] of [['opportunity', { name: 'x', account: foreign.account[0] }], ['note', { body: 'x', opportunity: foreign.opportunity[0] }]] as const) {
          const res = await t.as(user, `mutation($d: ${upper(object)}CreateInput!) { one: create${upper(object)}(data: $d) { id } }`, { d: data });
          tally.attempt('create with a foreign lookup');
          if (!codeOf(res, 'one')) {
            tally.leak(`${name}:${user} create${upper(object)} linked to the other tenant's ${JSON.stringify(data)}`);
            await t.sql(`delete from ${t.table(object)} where id = $1`, [res.data.one.id]);
          }
        }
      }
      // Sharing and user administration by the administrator, with the other tenant's ids.
      const md = metadataClient(server, t.adminKey);
      const otherUser = [...other().t.users.values()].find((u) => u.key === 'repE1')!.id;
      const admin: [string, string, Record<string, unknown>, string][] = [
        ['shareRecord', `mutation($id: ID!, $u: ID!) { shareRecord(object: "account", id: $id, with: {user: $u}, access: READ_WRITE) }`, { id: foreign.account[0], u: t.users.get('repE1')!.id }, 'NOT_FOUND'],
        ['shareRecord to a foreign user', `mutation($id: ID!, $u: ID!) { shareRecord(object: "account", id: $id, with: {user: $u}, access: READ) }`, { id: [...(await t.sql(`select id from ${t.table('account')} where "deletedAt" is null limit 1`))][0].id, u: otherUser }, 'REFERENCE_NOT_FOUND'],
        ['createSharingRule to a foreign user', `mutation($u: ID!) { createSharingRule(input: {object: "account", filter: {}, shareWith: {user: $u}, access: READ}) { id } }`, { u: otherUser }, 'REFERENCE_NOT_FOUND'],
        ['createGroup with a foreign user', `mutation($u: ID!) { createGroup(input: {name: "x-tenant", members: [{user: $u}]}) { id } }`, { u: otherUser }, 'REFERENCE_NOT_FOUND'],
        ['assignPermissionSet to a foreign user', `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "secretReader") { id } }`, { u: otherUser }, 'REFERENCE_NOT_FOUND'],
        ['createApiKey for a foreign user', `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: otherUser }, 'NOT_FOUND'],
        ['createUser managed by a foreign user', `mutation($u: ID!) { createUser(input: {email: "x-tenant@security.test", name: "x", role: "repEast", manager: $u}) { id } }`, { u: otherUser }, 'REFERENCE_NOT_FOUND'],
      ];
      for (const [what, doc, variables, code] of admin) {
        const res = await md(doc, variables);
        tally.attempt('administration');
        const got = codeOf(res);
        if (!got) tally.leak(`${name}:admin ${what}: succeeded ${JSON.stringify(res.data)}`);
        else if (got !== code) tally.miss(`${name}:admin ${what}: ${got}, expected ${code}: ${res.errors?.[0]?.message}`);
      }
    }
    const after = await Promise.all([fingerprint(A), fingerprint(B)]);
    tally.attempt('rows unchanged', 2);
    if (after[0] !== before[0]) tally.leak('tenant A rows changed');
    if (after[1] !== before[1]) tally.leak('tenant B rows changed');
    console.log(tally.report());
    expect(tally.attempts).toBeGreaterThanOrEqual(50);
    expect(tally.leaks).toEqual([]);
    expect(tally.misses).toEqual([]);
  });
});
