import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { gql, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Scripts reach the platform only through ctx.db (the local API), with the rights of whoever runs
 * them: the checks of the data API hold there too. An owner must be an active user of the tenant, a
 * lookup must name a record the caller may read, and the script has no way to users, roles or keys.
 */
let server: RunningServer;
let t: Tenant;
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};
const as = (user: string, query: string, variables?: Record<string, unknown>) => gql(server, '/graphql', keys[user], query, variables);

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server);
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const res = await t.meta(query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  for (const o of ['lead', 'account']) await ok(`mutation($n: String!) { updateObject(name: $n, input: {sharing: PRIVATE}) { name } }`, { n: o });
  const crud = { read: true, create: true, update: true, delete: true };
  await ok(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: 'rep', objectPermissions: [{ object: 'lead', ...crud }, { object: 'account', ...crud }, { object: 'task', ...crud }] } });
  for (const user of ['alice', 'bob']) {
    ids[user] = (await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `${user}@rights.test`, name: user, role: 'rep' } })).createUser.id;
    keys[user] = (await ok(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: ids[user] })).createApiKey.key;
  }
  ids.gone = (await ok(`mutation { createUser(input: {email: "gone@rights.test", name: "gone"}) { id } }`)).createUser.id;
  await ok(`mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { id } }`, { id: ids.gone });
  ids.foreign = (await tenant(server)).id;
  ids.foreignUser = (await t.sql(`select id from tessera.users where tenant_id = $1`, [ids.foreign]))[0].id;
  keys.admin = t.apiKey;
  // JS: the script types name the owner ownerId while the local API takes owner (noted in the report).
  const saved = await t.save('moves', `
export const actions = {
  lead: {
    give: { async run(ctx, args) { return (await ctx.db.update('lead', args.id, { owner: args.input.owner })).id; } },
    link: { async run(ctx, args) { return (await ctx.db.update('lead', args.id, { account: args.input.account })).id; } },
    spawn: { async run(ctx, args) { return (await ctx.db.create('lead', { name: 'spawned', owner: args.input.owner })).id; } },
    touch: { async run(ctx, args) { return (await ctx.db.update('lead', args.input.other, { name: 'touched' })).id; } },
    reach: { async run(ctx) { return Object.keys(ctx.db).concat(Object.keys(ctx)).sort().join(','); } },
  },
};`, 'JS');
  expect(saved.active, JSON.stringify(saved.diagnostics)).toBe(true);
  ids.aliceLead = (await as('alice', `mutation { createLead(data: {name: "alice lead"}) { id } }`)).data.createLead.id;
  ids.bobLead = (await as('bob', `mutation { createLead(data: {name: "bob lead"}) { id } }`)).data.createLead.id;
  ids.bobAccount = (await as('bob', `mutation { createAccount(data: {name: "bob account"}) { id } }`)).data.createAccount.id;
});
afterAll(async () => { await server?.close(); });

const run = (user: string, action: string, id: string, input: Record<string, unknown>) =>
  as(user, `mutation($id: ID!, $i: JSON) { m: lead${action.charAt(0).toUpperCase()}${action.slice(1)}(id: $id, input: $i) }`, { id, i: input });
/** The platform's code of a call's failure: a script that does not catch it fails with SCRIPT_ERROR naming it. */
const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => {
  const e = res.errors?.[0]?.extensions;
  return e?.code === 'SCRIPT_ERROR' ? String(e.error).split(':')[0] : e?.code ?? 'OK';
};
const leadRow = async (id: string) => (await t.sql(`select "ownerId", account, name from "${(await t.sql('select schema_name from tessera.tenants where id = $1', [t.id]))[0].schema_name}".lead where id = $1`, [id]))[0];

describe('scripts and the local API keep the data API\'s rights', () => {
  it('an owner that is no user, a user of another tenant or an inactive one is refused; an active colleague is accepted', async () => {
    for (const owner of [randomUUID(), ids.foreignUser, ids.gone]) {
      expect(codeOf(await run('alice', 'give', ids.aliceLead, { owner })), owner).toBe('REFERENCE_NOT_FOUND');
      expect(codeOf(await run('alice', 'spawn', ids.aliceLead, { owner })), owner).toBe('REFERENCE_NOT_FOUND');
    }
    expect((await leadRow(ids.aliceLead)).ownerId).toBe(ids.alice);
    const given = await run('alice', 'give', ids.aliceLead, { owner: ids.bob });
    expect(given.errors, JSON.stringify(given.errors)).toBeUndefined();
    expect((await leadRow(ids.aliceLead)).ownerId).toBe(ids.bob);
  });

  it('a lookup to a record the caller cannot see, and a write to one, answer as if it did not exist', async () => {
    const mine = (await as('alice', `mutation { createLead(data: {name: "mine"}) { id } }`)).data.createLead.id;
    const noneId = randomUUID();
    const hidden = await run('alice', 'link', mine, { account: ids.bobAccount });
    const none = await run('alice', 'link', mine, { account: noneId });
    expect(codeOf(hidden)).toBe('REFERENCE_NOT_FOUND');
    expect(JSON.stringify(hidden.errors).split(ids.bobAccount).join('<id>')).toBe(JSON.stringify(none.errors).split(noneId).join('<id>'));
    expect((await leadRow(mine)).account).toBeNull();
    const touched = await run('alice', 'touch', mine, { other: ids.bobLead });
    expect(codeOf(touched)).toBe('NOT_FOUND');
    expect((await leadRow(ids.bobLead)).name).toBe('bob lead');
  });

  it('a script reaches records only: no users, roles, permission sets or keys', async () => {
    const mine = (await as('alice', `mutation { createLead(data: {name: "reach"}) { id } }`)).data.createLead.id;
    const res = await run('alice', 'reach', mine, {});
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.m).not.toMatch(/user(s)?[A-Z,]|role|permission|key|admin|sql/i);
  });
});
