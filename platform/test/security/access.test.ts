import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { generate, OBJECTS, prng, type ObjectName, type Rec, type TenantSpec } from './generate.ts';
import { CHILDREN, Oracle } from './oracle.ts';
import { judge, Tally, type Outcome } from './tally.ts';
import { buildTenant, listField, pluralName, pool, upper, type BuiltTenant } from './tenant.ts';
import { probe } from './probe-plugin.ts';

/**
 * The security model against an independent oracle: a generated tenant (objects with every sharing
 * model, a 5-level role hierarchy in two branches, permission sets, nested groups, sharing rules,
 * manual shares, soft-deleted records), then every user tries reads and writes through every path
 * of the data API, and each answer is compared with what oracle.ts says they may see or change.
 * SECURITY_SEED picks another tenant.
 */

const SEED = Number(process.env.SECURITY_SEED ?? 20_240_601);
const FIELDS: Record<ObjectName, string[]> = {
  account: ['name', 'industry', 'region', 'secretScore', 'tier'],
  opportunity: ['name', 'stage', 'amount', 'margin'],
  note: ['body'],
  product: ['name', 'family', 'price'],
  campaign: ['name', 'channel', 'budget'],
};
const selection = (object: ObjectName) => `id ${FIELDS[object].join(' ')} owner { id }`;

const FILTERS: Record<ObjectName, Record<string, unknown>[]> = {
  account: [
    { industry: { eq: 'tech' } }, { region: { in: ['north', 'south'] } }, { name: { startsWith: 'acc 1' } },
    { or: [{ industry: { eq: 'retail' } }, { region: { eq: 'east' } }] }, { not: { industry: { eq: 'tech' } } },
  ],
  opportunity: [{ stage: { eq: 'won' } }, { amount: { gte: 80000 } }, { stage: { neq: 'lost' }, amount: { lt: 60000 } }],
  note: [{ body: { contains: 'urgent' } }],
  product: [{ family: { eq: 'hardware' } }, { price: { gt: 500 } }],
  campaign: [{ channel: { eq: 'email' } }],
};

let server: RunningServer;
let spec: TenantSpec;
let oracle: Oracle;
let T: BuiltTenant;
const tally = new Tally('security');
const users = () => spec.users.map((u) => u.key);
const userId = (key: string) => T.users.get(key)!.id;
let touch = 1000;
let leaksBefore = 0;

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(probe);
  spec = generate(SEED);
  oracle = new Oracle(spec);
  T = await buildTenant(server, spec);
});
beforeEach(() => { leaksBefore = tally.leaks.length; });
afterAll(async () => {
  console.log(`seed ${SEED}\n${tally.report()}`);
  if (process.env.SECURITY_REPORT) writeFileSync(process.env.SECURITY_REPORT, JSON.stringify({ leaks: tally.leaks, misses: tally.misses }, null, 1));
  await server?.close();
});

/** Checks one record of an answer: visible to the user, hidden fields null, the others as generated. */
function checkNode(user: string, object: ObjectName, node: Record<string, any>, where: string): void {
  const found = oracle.record(node.id);
  if (!found || found.object !== object || !oracle.canRead(user, object, found.rec)) {
    tally.leak(`${where}: ${user} got ${object} ${node.id}${found ? ` (owner ${found.rec.owner}${found.rec.deleted ? ', deleted' : ''})` : ''}`);
    return;
  }
  const rec = found.rec as unknown as Record<string, unknown>;
  for (const f of FIELDS[object]) {
    if (!(f in node)) continue;
    const expected = oracle.fieldReadable(user, object, f) ? rec[f] : null;
    if (node[f] !== expected) {
      if (expected === null) tally.leak(`${where}: ${user} read the hidden ${object}.${f} of ${node.id}`);
      else tally.miss(`${where}: ${object}.${f} of ${node.id} is ${JSON.stringify(node[f])}, not ${JSON.stringify(expected)}`);
    }
  }
  if ('owner' in node && node.owner?.id !== userId(found.rec.owner)) tally.miss(`${where}: owner of ${node.id}`);
}

/** Compares the ids of an answer with the oracle's records: extra ones leak, missing ones miss. */
function compareIds(where: string, got: string[], expected: Rec[]): void {
  const want = new Set(expected.map((r) => r.id));
  const seen = new Set<string>();
  for (const id of got) {
    if (seen.has(id)) tally.miss(`${where}: ${id} twice`);
    seen.add(id);
    if (!want.has(id)) tally.leak(`${where}: got ${id}${oracle.record(id)?.rec.deleted ? ' (soft-deleted)' : ''}`);
  }
  for (const id of want) if (!seen.has(id)) tally.miss(`${where}: missing ${id}`);
}

const nodes = (connection: any): any[] => connection?.edges?.map((e: any) => e.node) ?? [];

/** A list query as `user` with `filter`; checks the answer against the oracle. */
async function checkList(user: string, object: ObjectName, filter: Record<string, unknown>, path: string, extra = ''): Promise<void> {
  const expected = oracle.list(user, object, filter);
  const res = await T.as(user, `query($f: ${upper(object)}Filter) { list: ${listField(object)}(filter: $f, first: 500${extra}) { totalCount edges { node { ${selection(object)} } } } }`, { f: filter });
  const where = `${path} ${user} ${listField(object)}(${JSON.stringify(filter)}${extra})`;
  tally.attempt(path);
  const data = judge(tally, where, 'error' in expected ? expected.error : 'OK', res, 'list');
  if (!data || 'error' in expected) return;
  const got = nodes(data);
  compareIds(where, got.map((n) => n.id), expected.records);
  for (const n of got) checkNode(user, object, n, where);
  if (data.totalCount > expected.records.length) tally.leak(`${where}: totalCount ${data.totalCount} > ${expected.records.length}`);
  else if (data.totalCount !== expected.records.length) tally.miss(`${where}: totalCount ${data.totalCount} ≠ ${expected.records.length}`);
}

/** Every table's soft-delete state and lookups, to put back after a write that succeeded. */
async function snapshot() {
  const out = new Map<ObjectName, any[]>();
  for (const object of OBJECTS) out.set(object, await T.sql(`select id, "deletedAt"${object === 'opportunity' ? ', account' : ''} from ${T.table(object)}`));
  return async () => {
    for (const [object, rows] of out) {
      const lookup = object === 'opportunity';
      await T.sql(`update ${T.table(object)} t set "deletedAt" = v.d, touch = 0${lookup ? ', account = v.a' : ''}
        from jsonb_to_recordset($1::jsonb) as v(id uuid, d timestamptz${lookup ? ', a uuid' : ''})
        where t.id = v.id and (t."deletedAt" is distinct from v.d or t.touch is distinct from 0${lookup ? ' or t.account is distinct from v.a' : ''})`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, d: r.deletedAt, a: r.account })))]);
    }
  };
}

describe('the generated tenant', () => {
  it('has the relations and child filters the suite uses, and the administrator sees every live record', async () => {
    const res = await T.as('admin', `{ a: __type(name: "AccountFilter") { inputFields { name } } o: __type(name: "OpportunityFilter") { inputFields { name } } }`);
    const names = (t: any) => t.inputFields.map((f: any) => f.name);
    expect(names(res.data.a)).toEqual(expect.arrayContaining(['opportunitiesSome', 'opportunitiesNone', 'opportunitiesEvery']));
    expect(names(res.data.o)).toEqual(expect.arrayContaining(['notesSome', 'notesNone', 'notesEvery', 'account']));
    for (const object of OBJECTS) {
      const list = await T.as('admin', `{ ${listField(object)}(first: 500) { totalCount } }`);
      expect(list.data[listField(object)].totalCount).toBe(spec.records[object].filter((r) => !r.deleted).length);
    }
    // The generated model is not trivial: reps see some but not all accounts, and rules and shares matter.
    const counts = users().map((u) => [u, oracle.visible(u, 'account').length, oracle.visible(u, 'opportunity').length]);
    console.log(`visible accounts / opportunities per user: ${counts.map(([u, a, o]) => `${u} ${a}/${o}`).join(', ')}`);
    expect(oracle.visible('repE1', 'account').length).toBeGreaterThan(0);
    expect(oracle.visible('repE1', 'account').length).toBeLessThan(oracle.visible('ceo', 'account').length);
  });
});

describe('reads', () => {
  it('get by id: every record of every object, for every user', async () => {
    await pool(users(), 4, async (user) => {
      for (const object of OBJECTS) {
        const recs = spec.records[object];
        const doc = `{ ${recs.map((r, i) => `r${i}: ${object}(id: "${r.id}") { ${selection(object)} }`).join(' ')} }`;
        const res = await T.as(user, doc);
        const readable = oracle.rights(user, object).read;
        recs.forEach((rec, i) => {
          const where = `get ${user} ${object}(${rec.id})`;
          tally.attempt('get');
          if (!readable) return void judge(tally, where, 'FORBIDDEN', res, `r${i}`);
          const node = judge(tally, where, 'OK', res, `r${i}`);
          if (oracle.canRead(user, object, rec)) {
            if (!node) tally.miss(`${where}: null`);
            else checkNode(user, object, node, where);
          } else if (node) tally.leak(`${where}: got ${JSON.stringify(node).slice(0, 120)}${rec.deleted ? ' (soft-deleted)' : ''}`);
        });
      }
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('reads made by plugins: a command and a query reading records as the caller see exactly what the user may', async () => {
    const rand = prng(SEED + 7);
    await pool(users(), 4, async (user) => {
      for (const object of OBJECTS) {
        const readable = oracle.rights(user, object).read;
        // A sample of the records (visible, hidden and soft-deleted alike), one command each.
        const sample = spec.records[object].filter(() => rand.chance(0.25)).slice(0, 12);
        for (const rec of sample) {
          const where = `${object}Probe ${user} ${rec.id}`;
          tally.attempt('plugin command');
          const res = await T.as(user, `mutation($id: ID!) { one: ${object}Probe(id: $id) }`, { id: rec.id });
          if (!readable) { judge(tally, where, 'FORBIDDEN', res, 'one'); continue; }
          if (!oracle.canRead(user, object, rec)) { judge(tally, where, 'NOT_FOUND', res, 'one'); continue; }
          const node = judge<Record<string, unknown>>(tally, where, 'OK', res, 'one');
          if (!node) tally.miss(`${where}: null`);
          else {
            const { owner: _owner, ...values } = node;
            checkNode(user, object, values, where);
          }
        }
        tally.attempt('plugin query');
        const res = await T.as(user, 'query($i: JSON!) { found: securityProbe(input: $i) }', { i: { object, ids: spec.records[object].map((r) => r.id) } });
        const found = judge<{ id: string }[]>(tally, `securityProbe ${user} ${object}`, readable ? 'OK' : 'FORBIDDEN', res, 'found');
        if (found) {
          compareIds(`securityProbe ${user} ${object}`, found.map((n) => n.id), oracle.visible(user, object).filter((r) => spec.records[object].includes(r)).slice(0, 100));
          for (const n of found) {
            const { owner: _owner, ...values } = n as Record<string, unknown>;
            checkNode(user, object, values, `securityProbe ${user} ${object}`);
          }
        }
      }
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('lists, with and without filters, and their totalCount', async () => {
    await pool(users(), 4, async (user) => {
      for (const object of OBJECTS) for (const filter of [{}, ...FILTERS[object]]) await checkList(user, object, filter, 'list');
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('nested relations: opportunity → account and notes, account → opportunities, note → opportunity → account', async () => {
    // 100 × 100 stays within the default cost limit (50,000 records); the objects have fewer than 100 records.
    await pool(users(), 4, async (user) => {
      // opportunity → account (lookup) and → notes (master-detail children)
      const opps = await T.as(user, `{ list: opportunities(first: 100) { edges { node { id account { id name secretScore } notes(first: 100) { totalCount edges { node { id body } } } } } } }`);
      const oppData = judge(tally, `nested ${user} opportunities`, oracle.rights(user, 'opportunity').read ? 'OK' : 'FORBIDDEN', opps, 'list');
      tally.attempt('nested');
      for (const node of nodes(oppData)) {
        const where = `nested ${user} opportunity ${node.id}`;
        checkNode(user, 'opportunity', node, where);
        const rec = oracle.record(node.id)?.rec as { account: string | null } | undefined;
        if (!rec) continue;
        tally.attempt('nested lookup');
        const target = rec.account ? oracle.record(rec.account) : undefined;
        const shouldSee = !!target && oracle.canRead(user, 'account', target.rec);
        if (node.account && !shouldSee) tally.leak(`${where}: account ${node.account.id} (${target?.rec.deleted ? 'deleted' : 'not visible'})`);
        else if (!node.account && shouldSee) tally.miss(`${where}: account null, expected ${rec.account}`);
        else if (node.account) checkNode(user, 'account', node.account, `${where} → account`);
        tally.attempt('nested children');
        const kids = oracle.visible(user, 'note').filter((n) => (n as { opportunity: string }).opportunity === node.id);
        compareIds(`${where} → notes`, nodes(node.notes).map((n) => n.id), kids);
        for (const n of nodes(node.notes)) checkNode(user, 'note', n, `${where} → notes`);
        if (node.notes.totalCount !== kids.length) (node.notes.totalCount > kids.length ? tally.leak : tally.miss).call(tally, `${where}: notes totalCount ${node.notes.totalCount} vs ${kids.length}`);
      }
      // account → opportunities (reverse relation)
      const accounts = await T.as(user, `{ list: accounts(first: 100) { edges { node { id opportunities(first: 100) { totalCount edges { node { id name margin account { id } } } } } } } }`);
      const accData = judge(tally, `nested ${user} accounts`, oracle.rights(user, 'account').read ? 'OK' : 'FORBIDDEN', accounts, 'list');
      tally.attempt('nested');
      for (const node of nodes(accData)) {
        const where = `nested ${user} account ${node.id} → opportunities`;
        checkNode(user, 'account', node, where);
        tally.attempt('nested children');
        const kids = oracle.visible(user, 'opportunity').filter((o) => (o as { account: string | null }).account === node.id);
        compareIds(where, nodes(node.opportunities).map((n) => n.id), kids);
        for (const o of nodes(node.opportunities)) {
          checkNode(user, 'opportunity', o, where);
          if (o.account?.id !== node.id) tally.miss(`${where}: ${o.id}.account is ${o.account?.id}`);
        }
        if (node.opportunities.totalCount !== kids.length) (node.opportunities.totalCount > kids.length ? tally.leak : tally.miss).call(tally, `${where}: totalCount ${node.opportunities.totalCount} vs ${kids.length}`);
      }
      // note → opportunity (master) → account
      const notes = await T.as(user, `{ list: notes(first: 500) { edges { node { id body opportunity { id name account { id name } } } } } }`);
      const noteData = judge(tally, `nested ${user} notes`, oracle.rights(user, 'note').read ? 'OK' : 'FORBIDDEN', notes, 'list');
      tally.attempt('nested');
      compareIds(`nested ${user} notes`, nodes(noteData).map((n) => n.id), noteData ? oracle.visible(user, 'note') : []);
      for (const node of nodes(noteData)) {
        const where = `nested ${user} note ${node.id} → opportunity`;
        checkNode(user, 'note', node, where);
        tally.attempt('nested lookup');
        const rec = oracle.record(node.id)?.rec as { opportunity: string } | undefined;
        const parent = rec && oracle.record(rec.opportunity);
        const shouldSee = !!parent && oracle.canRead(user, 'opportunity', parent.rec);
        if (node.opportunity && !shouldSee) tally.leak(`${where}: ${node.opportunity.id}`);
        else if (!node.opportunity && shouldSee) tally.miss(`${where}: null`);
        else if (node.opportunity) {
          checkNode(user, 'opportunity', node.opportunity, where);
          const acc = (parent!.rec as { account: string | null }).account;
          const target = acc ? oracle.record(acc) : undefined;
          const see = !!target && oracle.canRead(user, 'account', target.rec);
          if (node.opportunity.account && !see) tally.leak(`${where} → account ${node.opportunity.account.id}`);
          else if (!node.opportunity.account && see) tally.miss(`${where} → account null`);
        }
      }
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('lookup filters and child filters', async () => {
    const accountIds = spec.records.account.map((a) => a.id);
    const cases: [ObjectName, Record<string, unknown>][] = [
      ['opportunity', { account: { name: { startsWith: 'acc 1' } } }],
      ['opportunity', { account: { industry: { eq: 'tech' } } }],
      ['opportunity', { account: { region: { in: ['north', 'east'] } }, stage: { neq: 'lost' } }],
      ['opportunity', { account: { secretScore: { gte: 50 } } }],
      ['opportunity', { account: { id: { in: accountIds } } }],
      ['note', { opportunity: { stage: { eq: 'won' } } }],
      ['note', { opportunity: { account: { industry: { eq: 'tech' } } } }],
      ['account', { opportunitiesSome: { stage: { eq: 'won' } } }],
      ['account', { opportunitiesNone: { stage: { eq: 'lost' } } }],
      ['account', { opportunitiesEvery: { amount: { gte: 20000 } } }],
      ['account', { opportunitiesSome: { margin: { gte: 10 } } }],
      ['account', { opportunitiesSome: { notesSome: { body: { contains: 'urgent' } } } }],
      ['opportunity', { notesSome: { body: { contains: 'urgent' } } }],
      ['opportunity', { notesNone: {} }],
    ];
    await pool(users(), 4, async (user) => {
      for (const [object, filter] of cases) await checkList(user, object, filter, Object.keys(filter).some((k) => CHILDREN[object]?.some((c) => k.startsWith(c.relation))) ? 'child filter' : 'lookup filter');
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('pages, forward and backward with cursors, through exactly what the user sees, in order', async () => {
    await pool(users(), 4, async (user) => {
      for (const object of OBJECTS) {
        if (!oracle.rights(user, object).read) continue;
        const field = listField(object);
        const page = (args: string) => T.as(user, `{ list: ${field}(orderBy: [{createdAt: DESC}], ${args}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }`);
        const where = `pages ${user} ${field}`;
        tally.attempt('pages');
        const all = judge(tally, `${where} (whole)`, 'OK', await page('first: 500'), 'list');
        if (!all) continue;
        const edges = all.edges as { cursor: string; node: { id: string } }[];
        const expected = oracle.list(user, object, {});
        compareIds(where, edges.map((e) => e.node.id), 'records' in expected ? expected.records : []);
        // Forward by 3 with `after`: the same records in the same order.
        const forward: string[] = [];
        let after: string | undefined;
        for (let i = 0; i < 100; i++) {
          const got = judge(tally, `${where} (after ${after})`, 'OK', await page(`first: 3${after ? `, after: "${after}"` : ''}`), 'list');
          if (!got) break;
          forward.push(...got.edges.map((e: any) => e.node.id));
          if (!got.pageInfo.hasNextPage) break;
          after = got.edges.at(-1).cursor;
        }
        if (forward.join() !== edges.map((e) => e.node.id).join()) tally.miss(`${where}: pages of 3 give ${forward.length} records, not the ${edges.length} of one page, in order`);
        // Backward: the last 2, and the 2 before the third.
        const last = judge(tally, `${where} (last)`, 'OK', await page('last: 2'), 'list');
        if (last && last.edges.map((e: any) => e.node.id).join() !== edges.slice(-2).map((e) => e.node.id).join()) tally.miss(`${where}: last 2`);
        if (edges.length >= 3) {
          const before = judge(tally, `${where} (before)`, 'OK', await page(`last: 2, before: "${edges[2].cursor}"`), 'list');
          if (before && before.edges.map((e: any) => e.node.id).join() !== edges.slice(0, 2).map((e) => e.node.id).join()) tally.miss(`${where}: 2 before the third`);
        }
      }
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('introspection shows each user only the objects they may read, and no relation to the others', async () => {
    for (const user of users()) {
      const res = await T.as(user, `{ __schema { queryType { fields { name } } types { name fields { name } } } }`);
      expect(res.errors).toBeUndefined();
      const roots = new Set<string>(res.data.__schema.queryType.fields.map((f: { name: string }) => f.name));
      const types = new Map<string, string[]>(res.data.__schema.types.map((t: { name: string; fields: { name: string }[] | null }) => [t.name, (t.fields ?? []).map((f) => f.name)]));
      for (const object of OBJECTS) {
        tally.attempt('introspection');
        const readable = oracle.rights(user, object).read;
        if (roots.has(listField(object)) !== readable || types.has(upper(object)) !== readable) {
          (readable ? tally.miss : tally.leak).call(tally, `introspection ${user}: ${object} ${readable ? 'missing' : 'shown'} (root ${roots.has(listField(object))}, type ${types.has(upper(object))})`);
        }
      }
      // No field of a readable type leads to an unreadable object's type.
      for (const object of OBJECTS) {
        if (oracle.rights(user, object).read) continue;
        for (const [name, fields] of types) if (fields.includes(listField(object))) tally.leak(`introspection ${user}: ${name}.${listField(object)} leads to ${object}`);
      }
    }
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('aggregates count only what the user sees, per group', async () => {
    const cases: { object: ObjectName; filter?: Record<string, unknown>; group?: string; sum?: string }[] = [
      { object: 'opportunity', group: 'stage', sum: 'amount' },
      { object: 'opportunity', filter: { account: { industry: { eq: 'tech' } } }, group: 'stage' },
      { object: 'account', group: 'industry' },
      { object: 'account', filter: { opportunitiesSome: { stage: { eq: 'won' } } }, group: 'industry' },
      { object: 'account', group: 'tier' },
      { object: 'account', filter: { region: { eq: 'north' } }, sum: 'secretScore' },
      { object: 'opportunity', sum: 'margin' },
      { object: 'note' },
      { object: 'product', group: 'family', sum: 'price' },
      { object: 'campaign', group: 'channel' },
    ];
    await pool(users(), 4, async (user) => {
      for (const c of cases) {
        const args = ['filter: $f', c.group ? `groupBy: [{${c.group}: true}]` : ''].filter(Boolean).join(', ');
        const doc = `query($f: ${upper(c.object)}Filter) { agg: ${listField(c.object)}Aggregate(${args}) { ${c.group ? `key { ${c.group} }` : ''} count ${c.sum ? `sum { ${c.sum} }` : ''} } }`;
        const res = await T.as(user, doc, { f: c.filter ?? null });
        const where = `aggregate ${user} ${c.object} ${JSON.stringify(c)}`;
        tally.attempt('aggregate');
        const hidden = [c.group, c.sum].some((f) => f && !oracle.fieldReadable(user, c.object, f));
        const expected = oracle.list(user, c.object, c.filter);
        const data = judge<any[]>(tally, where, 'error' in expected || hidden ? 'FORBIDDEN' : 'OK', res, 'agg');
        if (!data || 'error' in expected) continue;
        const groups = new Map<string, Rec[]>();
        for (const r of expected.records) {
          const key = c.group ? String((r as unknown as Record<string, unknown>)[c.group]) : '*';
          groups.set(key, [...(groups.get(key) ?? []), r]);
        }
        for (const row of data) {
          const key = c.group ? String(row.key[c.group]) : '*';
          const want = groups.get(key) ?? [];
          if (row.count > want.length) tally.leak(`${where}: ${key} count ${row.count} > ${want.length}`);
          else if (row.count !== want.length) tally.miss(`${where}: ${key} count ${row.count} ≠ ${want.length}`);
          if (c.sum && want.length) {
            const sum = want.reduce((s, r) => s + ((r as unknown as Record<string, number>)[c.sum!] ?? 0), 0);
            if (Math.abs(Number(row.sum[c.sum]) - sum) > 1e-6) (Number(row.sum[c.sum]) > sum ? tally.leak : tally.miss).call(tally, `${where}: ${key} sum ${row.sum[c.sum]} ≠ ${sum}`);
          }
          groups.delete(key);
        }
        const emptyTotal = !c.group && data.length === 1 && data[0].count === 0;
        for (const [key, list] of groups) if (list.length && !emptyTotal) tally.miss(`${where}: group ${key} missing`);
      }
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('hidden fields: null in answers, FORBIDDEN to filter, sort or group by', async () => {
    const cases: { object: ObjectName; field: string; dir: string }[] = [
      { object: 'account', field: 'secretScore', dir: 'DESC' },
      { object: 'opportunity', field: 'margin', dir: 'ASC' },
    ];
    await pool(users(), 4, async (user) => {
      for (const c of cases) {
        // Values: the lists of the other tests check every hidden value is null; here, filter and sort.
        await checkList(user, c.object, { [c.field]: { gte: 0 } }, 'hidden field');
        const expected = oracle.rights(user, c.object).read && oracle.fieldReadable(user, c.object, c.field) ? 'OK' : 'FORBIDDEN';
        const res = await T.as(user, `{ list: ${listField(c.object)}(first: 500, orderBy: [{${c.field}: ${c.dir}}]) { edges { node { id ${c.field} } } } }`);
        tally.attempt('hidden field');
        const data = judge(tally, `hidden field ${user} ${c.object} orderBy ${c.field}`, expected, res, 'list');
        if (data) compareIds(`orderBy ${c.field} ${user}`, nodes(data).map((n) => n.id), oracle.visible(user, c.object));
      }
    });
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('global search: exactly the records each user may read whose title (a field they may read) contains the text', async () => {
    const TITLE: Record<ObjectName, string> = { account: 'name', opportunity: 'name', note: 'body', product: 'name', campaign: 'name' };
    let hits = 0;
    for (const user of users()) {
      for (const text of ['acc 0', 'opp 1', 'alpha', 'product 1', 'urgent']) {
        tally.attempt('search');
        const where = `search ${user} "${text}"`;
        const res = await T.as(user, `query($t: String!) { search(text: $t, first: 100) { object id } }`, { t: text });
        if (res.errors) {
          tally.miss(`${where}: ${res.errors[0].message}`);
          continue;
        }
        const got = new Set(res.data.search.map((h: { object: string; id: string }) => `${h.object} ${h.id}`));
        hits += got.size;
        const expected = new Set(OBJECTS.flatMap((object) => (oracle.rights(user, object).read && oracle.fieldReadable(user, object, TITLE[object])
          ? oracle.visible(user, object).filter((r) => String((r as unknown as Record<string, unknown>)[TITLE[object]] ?? '').toLowerCase().includes(text)).map((r) => `${object} ${r.id}`)
          : [])));
        for (const hit of got) if (!expected.has(hit as string)) tally.leak(`${where}: ${hit}`);
        if (expected.size <= 100) for (const hit of expected) if (!got.has(hit)) tally.miss(`${where}: missing ${hit}`);
      }
    }
    expect(hits).toBeGreaterThan(200);
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });
});

describe('writes', () => {
  it('bulk updates and deletes reach exactly the records the user may change (checked with SQL, then restored)', async () => {
    const cases: { object: ObjectName; verb: 'update' | 'delete'; filter: Record<string, unknown> }[] = [
      { object: 'opportunity', verb: 'update', filter: {} },
      { object: 'opportunity', verb: 'update', filter: { stage: { eq: 'won' } } },
      { object: 'opportunity', verb: 'update', filter: { account: { industry: { eq: 'tech' } } } },
      { object: 'account', verb: 'update', filter: { region: { in: ['north', 'south'] } } },
      { object: 'account', verb: 'update', filter: { opportunitiesSome: { stage: { eq: 'open' } } } },
      { object: 'note', verb: 'update', filter: { body: { contains: 'urgent' } } },
      { object: 'product', verb: 'update', filter: {} },
      { object: 'campaign', verb: 'update', filter: { channel: { eq: 'email' } } },
      { object: 'note', verb: 'delete', filter: { body: { contains: 'call' } } },
      { object: 'campaign', verb: 'delete', filter: { channel: { eq: 'web' } } },
    ];
    const restore = await snapshot();
    for (const user of users()) {
      for (const c of cases) {
        const value = touch++;
        const field = c.verb === 'update' ? `update${pluralName(c.object)}` : `delete${pluralName(c.object)}`;
        const doc = c.verb === 'update'
          ? `mutation($f: ${upper(c.object)}Filter!) { bulk: ${field}(filter: $f, data: {touch: ${value}}) { count ids } }`
          : `mutation($f: ${upper(c.object)}Filter!) { bulk: ${field}(filter: $f) { count ids } }`;
        const res = await T.as(user, doc, { f: c.filter });
        const where = `bulk ${user} ${field}(${JSON.stringify(c.filter)})`;
        tally.attempt('bulk');
        const list = oracle.list(user, c.object, c.filter);
        const forbidden = !oracle.rights(user, c.object)[c.verb] || 'error' in list;
        const expected = forbidden || 'error' in list ? [] : list.records.filter((r) => oracle.canWrite(user, c.object, r, c.verb));
        const data = judge<{ count: number; ids: string[] }>(tally, where, forbidden ? 'FORBIDDEN' : 'OK', res, 'bulk');
        if (data) {
          if (data.count > expected.length) tally.leak(`${where}: count ${data.count} > ${expected.length}`);
          else if (data.count !== expected.length) tally.miss(`${where}: count ${data.count} ≠ ${expected.length}`);
        }
        // What the database says was written, whatever the answer said.
        const written = c.verb === 'update'
          ? await T.sql(`select id from ${T.table(c.object)} where touch = $1`, [value])
          : await T.sql(`select id from ${T.table(c.object)} where "deletedAt" > now() - interval '1 hour'`);
        compareIds(`${where} (SQL)`, written.map((r) => r.id), expected);
        if (written.length) await restore();
      }
    }
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('single updates (and of ids that are no record): NOT_FOUND for the unseen, FORBIDDEN for the read-only', async () => {
    const r = prng(SEED + 7);
    const restore = await snapshot();
    // One user at a time: the check reads back the value written, which another user could overwrite.
    for (const user of users()) {
      // Every kind of record for this user (writable, read-only, unseen, soft-deleted: up to 4 of each) and an id that is none.
      const attempts = OBJECTS.flatMap((object) => {
        const recs = spec.records[object];
        const kinds = [
          recs.filter((x) => oracle.canWrite(user, object, x)), recs.filter((x) => oracle.canRead(user, object, x) && !oracle.canWrite(user, object, x)),
          recs.filter((x) => !x.deleted && !oracle.canRead(user, object, x)), recs.filter((x) => x.deleted),
        ];
        const picked = new Set(kinds.flatMap((k) => Array.from({ length: Math.min(4, k.length) }, () => r.pick(k).id)));
        return [...[...picked].map((id) => ({ object, id })), { object, id: r.uuid() }];
      });
      await pool(attempts, 8, async ({ object, id }) => {
        const value = touch++;
        const res = await T.as(user, `mutation($id: ID!) { one: update${upper(object)}(id: $id, data: {touch: ${value}}) { id touch } }`, { id });
        tally.attempt('update');
        const expected = oracle.expectedWrite(user, object, id, 'update');
        judge(tally, `update ${user} ${object} ${id}${oracle.record(id)?.rec.deleted ? ' (soft-deleted)' : ''}`, expected, res, 'one');
        const written = await T.sql(`select id from ${T.table(object)} where touch = $1`, [value]);
        if (written.length && expected !== 'OK') tally.leak(`update ${user} ${object} ${id}: written (answered ${res.errors?.[0]?.extensions?.code ?? 'OK'})`);
        if (!written.length && expected === 'OK') tally.miss(`update ${user} ${object} ${id}: not written`);
      });
    }
    await restore();
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('fields the user may not change: FORBIDDEN, nothing written', async () => {
    const cases: [ObjectName, string, unknown][] = [['account', 'secretScore', 7], ['opportunity', 'margin', 7]];
    const restore = await snapshot();
    for (const user of users()) {
      for (const [object, field, value] of cases) {
        // A record the user may change, so that only the field decides.
        const rec = spec.records[object].find((x) => oracle.canWrite(user, object, x)) ?? spec.records[object][0];
        const before = await T.sql(`select ${JSON.stringify(field)} as v from ${T.table(object)} where id = $1`, [rec.id]);
        const res = await T.as(user, `mutation($id: ID!) { one: update${upper(object)}(id: $id, data: {${field}: ${value}}) { id } }`, { id: rec.id });
        tally.attempt('field update');
        const expected: Outcome = !oracle.fieldUpdatable(user, object, field) ? 'FORBIDDEN' : oracle.expectedWrite(user, object, rec.id, 'update');
        judge(tally, `field update ${user} ${object}.${field}`, expected, res, 'one');
        const after = await T.sql(`select ${JSON.stringify(field)} as v from ${T.table(object)} where id = $1`, [rec.id]);
        if (after[0].v !== before[0].v) {
          if (expected !== 'OK') tally.leak(`field update ${user} ${object}.${field}: written`);
          await T.sql(`update ${T.table(object)} set ${JSON.stringify(field)} = $2 where id = $1`, [rec.id, before[0].v]);
        }
      }
    }
    await restore();
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });

  it('single deletes and restores: as the oracle says, each checked with SQL and put back', async () => {
    const r = prng(SEED + 11);
    const restore = await snapshot();
    for (const user of users()) {
      for (const object of OBJECTS) {
        // A few records of every kind for this user: writable, read-only, invisible, soft-deleted.
        const live = spec.records[object].filter((x) => !x.deleted);
        const kinds = [
          live.filter((x) => oracle.canWrite(user, object, x, 'delete')), live.filter((x) => oracle.canRead(user, object, x) && !oracle.canWrite(user, object, x, 'delete')),
          live.filter((x) => !oracle.canRead(user, object, x)),
        ];
        const picks = kinds.flatMap((k) => (k.length ? [r.pick(k), r.pick(k)] : []));
        // An id that is no record: the same answer as for a record the user cannot see.
        const none = r.uuid();
        const res = await T.as(user, `mutation($id: ID!) { one: delete${upper(object)}(id: $id) { id } }`, { id: none });
        tally.attempt('delete');
        judge(tally, `delete ${user} ${object} ${none} (no record)`, oracle.expectedWrite(user, object, none, 'delete'), res, 'one');
        for (const rec of picks) {
          const res = await T.as(user, `mutation($id: ID!) { one: delete${upper(object)}(id: $id) { id } }`, { id: rec.id });
          tally.attempt('delete');
          const expected = oracle.expectedWrite(user, object, rec.id, 'delete');
          judge(tally, `delete ${user} ${object} ${rec.id}`, expected, res, 'one');
          const [row] = await T.sql(`select "deletedAt" from ${T.table(object)} where id = $1`, [rec.id]);
          if (row.deletedAt && expected !== 'OK') tally.leak(`delete ${user} ${object} ${rec.id}: deleted (answered ${res.errors?.[0]?.extensions?.code ?? 'OK'})`);
          if (!row.deletedAt && expected === 'OK') tally.miss(`delete ${user} ${object} ${rec.id}: not deleted`);
          if (row.deletedAt) await restore();
        }
        // Restoring a live record changes nothing, but must answer as any write does (not tell what exists).
        for (const id of [...kinds.filter((k) => k.length).map((k) => r.pick(k).id), r.uuid()]) {
          const res = await T.as(user, `mutation($id: ID!) { one: restore${upper(object)}(id: $id) { id } }`, { id });
          tally.attempt('restore');
          judge(tally, `restore ${user} ${object} ${id} (live or none)`, oracle.expectedRestore(user, object, id), res, 'one');
        }
        const gone = spec.records[object].filter((x) => x.deleted);
        for (const rec of gone.length ? [r.pick(gone), r.pick(gone)] : []) {
          const res = await T.as(user, `mutation($id: ID!) { one: restore${upper(object)}(id: $id) { id } }`, { id: rec.id });
          tally.attempt('restore');
          const expected = oracle.expectedRestore(user, object, rec.id);
          judge(tally, `restore ${user} ${object} ${rec.id}`, expected, res, 'one');
          const [row] = await T.sql(`select "deletedAt" from ${T.table(object)} where id = $1`, [rec.id]);
          if (!row.deletedAt && expected !== 'OK') tally.leak(`restore ${user} ${object} ${rec.id}: restored`);
          if (row.deletedAt && expected === 'OK') tally.miss(`restore ${user} ${object} ${rec.id}: still deleted`);
          if (!row.deletedAt) await restore();
        }
      }
    }
    expect(tally.leaks.slice(leaksBefore)).toEqual([]);
  });
});

describe('totals', () => {
  it('≥ 500 attempts, 0 leaks, and no answer that differs from the oracle', () => {
    console.log(tally.report());
    expect(tally.attempts).toBeGreaterThanOrEqual(500);
    expect(tally.leaks).toEqual([]);
    expect(tally.misses).toEqual([]);
  });
});

