import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { created, dupTenant, ok, refused, type Client, type DupTenant } from './support.ts';

/**
 * `merge<Object>(masterId, duplicateIds, fieldChoices)`: the master takes the chosen values; every
 * lookup and master-detail reference of any object to a duplicate points at the master; the
 * duplicates' history and shares move to the master; the duplicates are soft-deleted — in one
 * transaction (a failure leaves everything as it was), as the caller (update on the master, delete
 * on the duplicates).
 */
let server: RunningServer;
let t: DupTenant;

const OBJECTS = [
  { name: 'account', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone' }, { name: 'industry', type: 'text' }, { name: 'parent', type: 'lookup', target: 'account' }] },
  { name: 'contact', fields: [{ name: 'name', type: 'text' }, { name: 'account', type: 'lookup', target: 'account', relationName: 'contacts' }] },
  { name: 'visit', fields: [{ name: 'subject', type: 'text' }, { name: 'account', type: 'masterDetail', target: 'account', relationName: 'visits' }] },
];
const RULES = [{ name: 'accountName', object: 'account', action: 'WARN', match: { field: 'name', match: 'fuzzy', threshold: 0.5 } }];

const MERGE = `mutation($m: ID!, $d: [ID!]!, $c: JSON) { mergeAccount(masterId: $m, duplicateIds: $d, fieldChoices: $c) { id name phone industry contacts { nodes { id } } visits { nodes { id } } } }`;
const HISTORY = `query($id: ID!) { recordHistory(object: "account", id: $id) { action changes { field before after } } }`;

async function family(api: Client, names: string[]) {
  const ids: string[] = [];
  for (const [i, name] of names.entries()) ids.push(await created(api, 'account', { name, phone: `1380000000${i}`, industry: `industry ${i}` }, true));
  return ids;
}

beforeAll(async () => {
  server = await startTestServer();
  t = await dupTenant(server, OBJECTS, RULES);
});
afterAll(async () => { await server?.close(); });

describe('merge', () => {
  it('moves references of every object, history and shares; deletes the duplicates; copies chosen values', async () => {
    const [master, dup1, dup2] = await family(t.api, ['华东精密机械', '华东精密机械有限公司', '华东精密']);
    const contacts = [await created(t.api, 'contact', { name: 'c1', account: dup1 }), await created(t.api, 'contact', { name: 'c2', account: dup2 }), await created(t.api, 'contact', { name: 'c0', account: master })];
    const visit = await created(t.api, 'visit', { subject: 'v1', account: dup2 });
    const child = await created(t.api, 'account', { name: 'Subsidiary', parent: dup1 });
    const gone = await created(t.api, 'contact', { name: 'old', account: dup2 });
    ok(await t.api(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: gone }));
    ok(await t.api(`mutation($id: ID!, $d: AccountUpdateInput!) { updateAccount(id: $id, data: $d, allowDuplicates: true) { id } }`, { id: dup1, d: { industry: 'machinery' } }));
    const rep = await t.user({ objectPermissions: [{ object: 'account', read: true }] });
    await t.sql(`insert into "${t.schema}"."_share" ("object", "recordId", "principal", "access") values ('account', $1, $2, 'READ')`, [dup2, `u:${rep.id}`]);

    const merged = ok(await t.api(MERGE, { m: master, d: [dup1, dup2], c: { phone: dup2, industry: dup1 } })).mergeAccount;
    expect(merged).toMatchObject({ id: master, name: '华东精密机械', phone: '13800000002', industry: 'machinery' });
    expect(merged.contacts.nodes.map((n: any) => n.id).sort()).toEqual([...contacts].sort());
    expect(merged.visits.nodes.map((n: any) => n.id)).toEqual([visit]);
    // A self-lookup of another account, and a deleted contact (for its restore), point at the master too.
    expect((await t.sql(`select parent from "${t.schema}"."account" where id = $1`, [child]))[0].parent).toBe(master);
    expect((await t.sql(`select account from "${t.schema}"."contact" where id = $1`, [gone]))[0].account).toBe(master);
    // The duplicates are deleted (restorable), their history is the master's, with the merge's update on top.
    const live = await t.sql(`select id from "${t.schema}"."account" where id = any($1::uuid[]) and "deletedAt" is null`, [[dup1, dup2]]);
    expect(live).toEqual([]);
    const history = ok(await t.api(HISTORY, { id: master })).recordHistory;
    expect(history[0]).toMatchObject({ action: 'update', changes: expect.arrayContaining([{ field: 'phone', before: '13800000000', after: '13800000002' }]) });
    expect(history.filter((h: any) => h.action === 'create')).toHaveLength(3);
    expect(history.some((h: any) => h.changes.some((c: any) => c.after === 'machinery' && c.before === 'industry 1'))).toBe(true);
    // The rep who had a share of a duplicate now reads the master.
    expect(ok(await rep.api(`query($id: ID!) { account(id: $id) { id } }`, { id: master })).account).toEqual({ id: master });
    expect((await t.sql(`select count(*)::int as n from "${t.schema}"."_share" where "recordId" = any($1::uuid[])`, [[dup1, dup2]]))[0].n).toBe(0);
  });

  it('without choices the master keeps its values', async () => {
    const [master, dup] = await family(t.api, ['Acme Industrial', 'Acme Industrial Ltd']);
    expect(ok(await t.api(MERGE, { m: master, d: [dup] })).mergeAccount).toMatchObject({ id: master, phone: '13800000000', industry: 'industry 0' });
  });

  it('refuses bad arguments before anything is written', async () => {
    const [master, dup] = await family(t.api, ['Beta Corp', 'Beta Corporation']);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ m: master, d: [] }, 'BAD_USER_INPUT', '/duplicateIds'],
      [{ m: master, d: [master] }, 'BAD_USER_INPUT', '/duplicateIds/0'],
      [{ m: master, d: [dup, dup] }, 'BAD_USER_INPUT', '/duplicateIds/1'],
      [{ m: master, d: ['nope'] }, 'BAD_USER_INPUT', '/duplicateIds/0'],
      [{ m: master, d: [dup], c: { nothing: dup } }, 'VALIDATION_FAILED', '/fieldChoices/nothing'],
      [{ m: master, d: [dup], c: { phone: '01000000-0000-7000-8000-000000000000' } }, 'VALIDATION_FAILED', '/fieldChoices/phone'],
      [{ m: master, d: ['01000000-0000-7000-8000-000000000000'] }, 'NOT_FOUND', '/duplicateIds/0'],
    ];
    for (const [vars, code, pointer] of cases) {
      const error = refused(await t.api(MERGE, vars));
      expect(error.extensions.code, JSON.stringify(vars)).toBe(code);
      expect(error.extensions.errors[0].pointer, JSON.stringify(vars)).toBe(pointer);
    }
    expect((await t.sql(`select count(*)::int as n from "${t.schema}"."account" where id = any($1::uuid[]) and "deletedAt" is null`, [[master, dup]]))[0].n).toBe(2);
  });

  it('needs update on the master and delete on the duplicates; hidden records are NOT_FOUND', async () => {
    const editor = await t.user({ objectPermissions: [{ object: 'account', read: true, create: true, update: true }] });
    const full = await t.user({ objectPermissions: [{ object: 'account', read: true, create: true, update: true, delete: true }, { object: 'contact', read: true }] });
    const [mine, mine2] = await family(full.api, ['Gamma Ltd', 'Gamma Limited']);
    const [theirs] = await family(t.api, ['Gamma Ltd.']);
    expect(refused(await editor.api(MERGE, { m: mine, d: [mine2] })).extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'delete' });
    // Someone else's private account: the caller cannot see it, so it does not exist for them.
    expect(refused(await full.api(MERGE, { m: mine, d: [theirs] })).extensions).toMatchObject({ code: 'NOT_FOUND', errors: [{ pointer: '/duplicateIds/0' }] });
    expect(refused(await full.api(MERGE, { m: theirs, d: [mine] })).extensions).toMatchObject({ code: 'NOT_FOUND', errors: [{ pointer: '/masterId' }] });
    // The contacts of the merged account are re-pointed though the caller may not change contacts.
    const contact = await created(t.api, 'contact', { name: 'theirs', account: mine2 });
    expect(ok(await full.api(MERGE, { m: mine, d: [mine2] })).mergeAccount.id).toBe(mine);
    expect((await t.sql(`select account from "${t.schema}"."contact" where id = $1`, [contact]))[0].account).toBe(mine);
  });

  it('is one transaction: a refusal late in the merge leaves everything as it was', async () => {
    ok(await t.apply({ duplicateRules: [{ name: 'contactPerAccount', object: 'contact', action: 'BLOCK', match: { and: [{ field: 'account', match: 'exact' }, { field: 'name', match: 'normalized' }] } }] }));
    const [master, dup] = await family(t.api, ['Delta Co', 'Delta Company']);
    const a = await created(t.api, 'contact', { name: 'Zhang Wei', account: master });
    const b = await created(t.api, 'contact', { name: 'zhang wei', account: dup });
    const error = refused(await t.api(MERGE, { m: master, d: [dup], c: { phone: dup } }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', duplicates: [expect.objectContaining({ rule: 'contactPerAccount', id: a })] });
    expect((await t.sql(`select account from "${t.schema}"."contact" where id = $1`, [b]))[0].account).toBe(dup);
    expect((await t.sql(`select "deletedAt" from "${t.schema}"."account" where id = $1`, [dup]))[0].deletedAt).toBeNull();
    expect((await t.sql(`select phone from "${t.schema}"."account" where id = $1`, [master]))[0].phone).toBe('13800000000');
    ok(await t.md(`mutation { deleteDuplicateRule(name: "contactPerAccount") }`));
  });
});
