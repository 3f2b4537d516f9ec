import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, gql, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Custom actions run only on records the caller can see: under a private sharing model, a rep's
 * action on another rep's lead is NOT_FOUND (as if the lead did not exist) and the script never runs.
 */
let server: RunningServer;
let t: Tenant;
const keys: Record<string, string> = {};
const as = (user: string, query: string, variables?: Record<string, unknown>) => gql(server, '/graphql', keys[user], query, variables);

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server);
  const ok = async (query: string, variables: Record<string, unknown>) => {
    const res = await t.meta(query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  await ok(`mutation($n: String!, $i: ObjectUpdateInput!) { updateObject(name: $n, input: $i) { name } }`, { n: 'lead', i: { sharing: 'PRIVATE' } });
  const crud = { read: true, create: true, update: true, delete: true };
  await ok(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: 'rep', parent: null, objectPermissions: [{ object: 'lead', ...crud }, { object: 'account', ...crud }, { object: 'task', ...crud }], fieldPermissions: [] } });
  for (const user of ['alice', 'bob']) {
    const created = await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `${user}@action.test`, name: user, password: `password of ${user}`, role: 'rep' } });
    const key = await ok(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: created.createUser.id });
    keys[user] = key.createApiKey.key;
  }
  keys.admin = t.apiKey;
  await activate(t, 'convert', `
export const actions = {
  lead: {
    convert: {
      async run(ctx, args) {
        await ctx.db.create('task', { subject: 'ran for ' + ctx.user.name });
        await ctx.db.update('lead', args.id, { status: 'Converted' });
        return { lead: ctx.record.name };
      },
    },
  },
};`);
});
afterAll(async () => { await server?.close(); });

/** Tasks the action's script created (it creates one per run). */
const tasksRun = async () => (await as('admin', `{ tasks { totalCount } }`)).data.tasks.totalCount as number;

describe('actions and row-level access', () => {
  it('an action on a lead the caller cannot see is NOT_FOUND and its script does not run', async () => {
    const created = await as('alice', `mutation { createLead(data: {name: "Alice's lead"}) { id } }`);
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const id = created.data.createLead.id;
    expect((await as('bob', `query($id: ID!) { lead(id: $id) { id } }`, { id })).data.lead).toBeNull();

    const before = await tasksRun();
    const refused = await as('bob', `mutation($id: ID!) { leadConvert(id: $id) }`, { id });
    expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(refused)).toBe('NOT_FOUND');
    expect(refused.errors?.[0]?.message).not.toMatch(/Alice/);
    expect(await tasksRun()).toBe(before);
    expect((await as('admin', `query($id: ID!) { lead(id: $id) { status } }`, { id })).data.lead.status).toBe('New');

    // The owner (and the administrator) may run it: the same call is not refused for everyone.
    const allowed = await as('alice', `mutation($id: ID!) { leadConvert(id: $id) }`, { id });
    expect(allowed.errors, JSON.stringify(allowed.errors)).toBeUndefined();
    expect(allowed.data.leadConvert).toEqual({ lead: "Alice's lead" });
    expect(await tasksRun()).toBe(before + 1);
  });

  it('a record shared with the caller becomes reachable; a deleted or unknown one stays NOT_FOUND', async () => {
    const created = await as('alice', `mutation { createLead(data: {name: "Shared lead"}) { id } }`);
    const id = created.data.createLead.id;
    const bobId = (await t.sql(`select id from tessera.users where tenant_id = $1 and name = 'bob'`, [t.id]))[0].id;
    const shared = await t.meta(`mutation($o: String!, $id: ID!, $w: ShareTargetInput!, $a: ShareAccess!) { shareRecord(object: $o, id: $id, with: $w, access: $a) }`, { o: 'lead', id, w: { user: bobId }, a: 'READ_WRITE' });
    expect(shared.errors, JSON.stringify(shared.errors)).toBeUndefined();
    const ran = await as('bob', `mutation($id: ID!) { leadConvert(id: $id) }`, { id });
    expect(ran.errors, JSON.stringify(ran.errors)).toBeUndefined();

    const gone = await as('alice', `mutation { createLead(data: {name: "Gone"}) { id } }`);
    await as('alice', `mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id: gone.data.createLead.id });
    const deleted = await as('alice', `mutation($id: ID!) { leadConvert(id: $id) }`, { id: gone.data.createLead.id });
    expect(deleted.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await as('admin', `mutation($id: ID!) { leadConvert(id: $id) }`, { id: '0190a000-0000-7000-8000-000000000000' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('action names', () => {
  it('an action whose mutation another script already has, or on an unknown object, is saved but not activated, with the reason', async () => {
    const source = (object: string) => `export const actions = { ${object}: { convert: { async run() { return null; } } } };`;
    const taken = await t.save('convert-again', source('lead'));
    expect(taken.active).toBe(false);
    expect(taken.diagnostics.map((d: { message: string }) => d.message)).toContain('actions.lead.convert: the mutation leadConvert is already the action of the script convert');
    // (In JavaScript: TypeScript's own check would refuse the unknown object first.)
    const unknown = await t.save('convert-nothing', source('nothing'), 'JS');
    expect(unknown.active).toBe(false);
    expect(unknown.diagnostics.map((d: { message: string }) => d.message)).toContain('actions.nothing: there is no object nothing');
    // The first script's action is still the one that runs.
    expect((await as('admin', `{ __type(name: "Mutation") { fields { name } } }`)).data.__type.fields.filter((f: { name: string }) => f.name === 'leadConvert')).toHaveLength(1);
  });
});
