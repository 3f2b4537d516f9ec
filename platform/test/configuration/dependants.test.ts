import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { APPLY, PULL } from './fixture.ts';
import { configTenant, historyCount, startConfigServer } from './support.ts';

/**
 * Renaming or deleting what other configuration uses: refused with CONFLICT naming every dependant
 * (`extensions.dependants: [{kind, name, pointer}]`), or cascaded where that is safe — and the
 * answer says so.
 */
let server: Awaited<ReturnType<typeof startConfigServer>>;
beforeAll(async () => { server = await startConfigServer(); });
afterAll(async () => { await server?.closeAll(); });

const OBJECTS = { objects: [
  { name: 'account', fields: [{ name: 'name', type: 'text' }, { name: 'region', type: 'text' }] },
  { name: 'deal', fields: [{ name: 'title', type: 'text' }, { name: 'stage', type: 'select', options: [{ value: 'new' }, { value: 'open' }, { value: 'won' }] }, { name: 'notes', type: 'text' }, { name: 'amount', type: 'number' }, { name: 'account', type: 'lookup', target: 'account' }] },
] };
const DELETE_FIELD = `mutation($o: String!, $f: String!) { deleteField(object: $o, name: $f) { name } }`;
const RENAME_FIELD = `mutation($o: String!, $f: String!, $to: String!) { updateField(object: $o, name: $f, input: {name: $to}) { name } }`;

async function tenant(prefix: string) {
  const t = await configTenant(server as RunningServer, prefix);
  await t.ok(APPLY, { d: OBJECTS });
  return t;
}

const refusal = (res: { errors?: { extensions?: Record<string, any> }[] }) => ({ code: res.errors?.[0]?.extensions?.code, dependants: res.errors?.[0]?.extensions?.dependants });

describe('list views', () => {
  it('a field in a shared view\'s filter cannot be deleted; in columns and sort it is let go of, and a personal view drops its condition', async () => {
    const t = await tenant('depviews');
    await t.ok(`mutation { saveListView(input: {object: "deal", name: "Open", shared: true, filters: [{field: "stage", op: "eq", value: "open"}], sort: {field: "notes", direction: "ASC"}, columns: ["title", "notes"]}) { id } }`);
    const rep = (await t.ok(`mutation { createUser(input: {email: "rep@dep.test", name: "Rep"}) { id } }`)).createUser.id;
    await server.platform.pool.query(`insert into tessera.list_views (tenant_id, object, name, owner_id, shared, filters) values ($1, 'deal', 'Mine', $2, false, '[{"field": "notes", "op": "contains", "value": "x"}, {"field": "title", "op": "eq", "value": "y"}]')`, [t.id, rep]);

    const rows = await historyCount(server, t.id);
    expect(refusal(await t.md(DELETE_FIELD, { o: 'deal', f: 'stage' }))).toEqual({ code: 'CONFLICT', dependants: [{ kind: 'listView', name: 'deal/Open', pointer: '/filters/0/field' }] });
    expect(await historyCount(server, t.id)).toBe(rows);

    const deleted = await t.ok(`mutation { deleteField(object: "deal", name: "notes") { name } }`);
    expect(deleted.deleteField.name).toBe('notes');
    const views = (await server.platform.pool.query(`select name, filters, sort, columns from tessera.list_views where tenant_id = $1 order by name`, [t.id])).rows;
    expect(views).toEqual([
      { name: 'Mine', filters: [{ field: 'title', op: 'eq', value: 'y' }], sort: null, columns: null },
      { name: 'Open', filters: [{ field: 'stage', op: 'eq', value: 'open' }], sort: null, columns: ['title'] },
    ]);
    const history = (await server.platform.pool.query(`select kind, action, target from tessera.metadata_history where tenant_id = $1 and seq > (select max(seq) - 3 from tessera.metadata_history where tenant_id = $1) order by seq`, [t.id])).rows;
    expect(history.map((h) => `${h.kind} ${h.action}`).sort()).toEqual(['listView updateListView', 'listView updateListView', 'object deleteField']);
  });

  it('renaming a field or its object: the views follow, and the history says so', async () => {
    const t = await tenant('depviewsren');
    await t.ok(`mutation { saveListView(input: {object: "deal", name: "Open", shared: true, filters: [{field: "stage", op: "eq", value: "open"}], sort: {field: "stage", direction: "ASC"}, columns: ["title", "stage"]}) { id } }`);
    await t.ok(RENAME_FIELD, { o: 'deal', f: 'stage', to: 'phase' });
    await t.ok(`mutation { updateObject(name: "deal", input: {name: "opportunity"}) { name } }`);
    const [view] = (await t.ok(`{ listViews(object: "opportunity") { name filters sort columns } }`)).listViews;
    expect(view).toEqual({ name: 'Open', filters: [{ field: 'phase', op: 'eq', value: 'open' }], sort: { field: 'phase', direction: 'ASC' }, columns: ['title', 'phase'] });
    const history = (await t.ok(`{ metadataHistory(first: 4) { nodes { kind action target } } }`)).metadataHistory.nodes;
    expect(history).toEqual([
      { kind: 'object', action: 'updateObject', target: 'opportunity' },
      { kind: 'listView', action: 'updateListView', target: 'opportunity/Open' },
      { kind: 'object', action: 'updateField', target: 'deal.phase' },
      { kind: 'listView', action: 'updateListView', target: 'deal/Open' },
    ]);
  });

  it('a deleted object keeps its views and sharing rules, inert and not pulled; restored, they are back', async () => {
    const t = await tenant('depviewsdel');
    await t.ok(`mutation { saveListView(input: {object: "account", name: "North", shared: true, filters: [{field: "region", op: "eq", value: "north"}]}) { id } }`);
    await t.ok(`mutation { deleteField(object: "deal", name: "account") { name } }`);
    await t.ok(`mutation { createRole(input: {name: "rep"}) { id } }`);
    await t.ok(`mutation { createSharingRule(input: {name: "north", object: "account", filter: {region: {eq: "north"}}, shareWith: {role: "rep"}, access: READ}) { id } }`);
    await t.ok(`mutation { deleteObject(name: "account") { name } }`);
    expect((await t.ok(`{ listViews(object: "account") { name } }`)).listViews).toEqual([{ name: 'North' }]);
    // Inert while the object is deleted: like the object, they are not pulled (a document applied elsewhere would lack the object).
    const pulled = (await t.ok(PULL)).document;
    expect([pulled.listViews, pulled.sharingRules]).toEqual([[], []]);
    await t.ok(`mutation { restoreObject(name: "account") { name } }`);
    const restored = (await t.ok(PULL)).document;
    expect([restored.listViews.length, restored.sharingRules.length]).toEqual([1, 1]);
    expect((await t.ok(`{ listViews(object: "account") { name filters } }`)).listViews).toEqual([{ name: 'North', filters: [{ field: 'region', op: 'eq', value: 'north' }] }]);
  });
});

describe('dashboards and sharing rules', () => {
  async function withBoth(prefix: string) {
    const t = await tenant(prefix);
    await t.ok(`mutation($b: JSON!) { saveDashboard(input: {name: "Pipeline", blocks: $b}) { id } }`, { b: [
      { id: 'a', type: 'chart', object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'bar', filter: { account: { region: { eq: 'north' } } } },
    ] });
    await t.ok(`mutation { createRole(input: {name: "rep"}) { id } }`);
    await t.ok(`mutation { createSharingRule(input: {name: "wonAccounts", object: "account", filter: {dealsSome: {stage: {eq: "won"}}}, shareWith: {role: "rep"}, access: READ}) { id } }`);
    return t;
  }

  it('a field a dashboard or a sharing rule filters on, or measures, cannot be deleted; each is named with its pointer', async () => {
    const t = await withBoth('depdash');
    expect(refusal(await t.md(DELETE_FIELD, { o: 'deal', f: 'amount' }))).toEqual({ code: 'CONFLICT', dependants: [{ kind: 'dashboard', name: 'Pipeline', pointer: '/blocks/0/measure/field' }] });
    expect(refusal(await t.md(DELETE_FIELD, { o: 'account', f: 'region' }))).toEqual({ code: 'CONFLICT', dependants: [{ kind: 'dashboard', name: 'Pipeline', pointer: '/blocks/0/filter/account/region' }] });
    expect(refusal(await t.md(DELETE_FIELD, { o: 'deal', f: 'stage' }))).toEqual({ code: 'CONFLICT', dependants: [
      { kind: 'sharingRule', name: 'wonAccounts', pointer: '/filter/dealsSome/stage' },
      { kind: 'dashboard', name: 'Pipeline', pointer: '/blocks/0/groupBy/field' },
    ] });
    expect(refusal(await t.md(`mutation { deleteObject(name: "deal") { name } }`))).toMatchObject({ code: 'CONFLICT' });
    expect((await t.md(`mutation { deleteObject(name: "deal") { name } }`)).errors?.[0].extensions?.dependants).toEqual(expect.arrayContaining([{ kind: 'dashboard', name: 'Pipeline', pointer: '/blocks/0/object' }]));
  });

  it('renames rewrite their blocks and filters, reverse relations included; they keep working', async () => {
    const t = await withBoth('depdashren');
    await t.ok(RENAME_FIELD, { o: 'account', f: 'region', to: 'area' });
    await t.ok(RENAME_FIELD, { o: 'deal', f: 'stage', to: 'phase' });
    await t.ok(RENAME_FIELD, { o: 'deal', f: 'amount', to: 'value' });
    const renamed = (await t.ok(`mutation { updateObject(name: "deal", input: {name: "opportunity"}) { name } }`)).updateObject;
    expect(renamed.name).toBe('opportunity');
    const { document } = await t.ok(PULL);
    expect(document.dashboards).toEqual([{ name: 'Pipeline', blocks: [{ id: 'a', type: 'chart', object: 'opportunity', measure: { fn: 'sum', field: 'value' }, groupBy: { field: 'phase' }, chart: 'bar', filter: { account: { area: { eq: 'north' } } } }] }]);
    expect(document.sharingRules).toEqual([{ name: 'wonAccounts', object: 'account', filter: { opportunitiesSome: { phase: { eq: 'won' } } }, shareWith: { role: 'rep' }, access: 'READ' }]);
    // The rewritten rule compiles and shares: a rep sees the account that has a won opportunity.
    const repId = (await t.ok(`mutation { createUser(input: {email: "rep@depdash.test", name: "Rep", role: "rep"}) { id } }`)).createUser.id;
    await t.ok(`mutation { updateObject(name: "account", input: {sharing: PRIVATE}) { name } }`);
    await t.ok(`mutation { createPermissionSet(input: {name: "readAccounts", objectPermissions: [{object: "account", read: true}]}) { id } }`);
    await t.ok(`mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "readAccounts") { id } }`, { u: repId });
    const account = (await t.data(`mutation { createAccount(data: {name: "Won Inc"}) { id } }`)).data.createAccount.id;
    await t.data(`mutation { createAccount(data: {name: "Lost Inc"}) { id } }`);
    await t.data(`mutation($a: ID!) { createOpportunity(data: {title: "x", phase: "won", account: $a}) { id } }`, { a: account });
    const key = (await t.ok(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: repId })).createApiKey.key;
    const seen = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ accounts { nodes { name } } }' }) });
    expect((await seen.json()).data.accounts.nodes).toEqual([{ name: 'Won Inc' }]);
  });
});

describe('scripts', () => {
  it('a field or object a script uses cannot be renamed or deleted; one it does not mention can', async () => {
    const t = await tenant('depscript');
    const saved = await t.ok(`mutation($s: String!) { saveScript(input: {name: "stages", source: $s}) { active } }`, {
      s: `export const triggers = { deal: { beforeCreate(ctx) { for (const d of ctx.records) d.stage = d.stage ?? 'new'; } } };`,
    });
    expect(saved.saveScript.active).toBe(true);
    const script = [{ kind: 'script', name: 'stages', pointer: '/source' }];
    expect(refusal(await t.md(DELETE_FIELD, { o: 'deal', f: 'stage' }))).toEqual({ code: 'CONFLICT', dependants: script });
    expect(refusal(await t.md(RENAME_FIELD, { o: 'deal', f: 'stage', to: 'phase' }))).toEqual({ code: 'CONFLICT', dependants: script });
    expect(refusal(await t.md(`mutation { updateObject(name: "deal", input: {name: "opportunity"}) { name } }`))).toEqual({ code: 'CONFLICT', dependants: script });
    expect(refusal(await t.md(`mutation { deleteObject(name: "deal") { name } }`))).toEqual({ code: 'CONFLICT', dependants: script });
    await t.ok(DELETE_FIELD, { o: 'deal', f: 'notes' });
    await t.ok(RENAME_FIELD, { o: 'account', f: 'region', to: 'area' });
  });
});

describe('roles and groups', () => {
  it('a role used by users, child roles, groups and sharing rules, or a group used by rules and groups, is not deleted; each dependant is named', async () => {
    const t = await tenant('depsec');
    await t.ok(`mutation { createRole(input: {name: "boss"}) { id } }`);
    await t.ok(`mutation { createRole(input: {name: "rep", parent: "boss"}) { id } }`);
    await t.ok(`mutation { createUser(input: {email: "b@depsec.test", name: "B", role: "boss"}) { id } }`);
    await t.ok(`mutation { createGroup(input: {name: "leads", members: [{roleAndSubordinates: "boss"}]}) { id } }`);
    await t.ok(`mutation { createGroup(input: {name: "everyone", members: [{group: "leads"}]}) { id } }`);
    await t.ok(`mutation { createSharingRule(input: {name: "toBoss", object: "deal", filter: {}, shareWith: {role: "boss"}, access: READ}) { id } }`);
    await t.ok(`mutation { createSharingRule(input: {name: "toLeads", object: "deal", filter: {}, shareWith: {group: "leads"}, access: READ}) { id } }`);
    const role = refusal(await t.md(`mutation { deleteRole(name: "boss") }`));
    expect(role.code).toBe('CONFLICT');
    expect(role.dependants).toEqual(expect.arrayContaining([
      { kind: 'user', name: 'b@depsec.test', pointer: '/role' },
      { kind: 'role', name: 'rep', pointer: '/parent' },
      { kind: 'group', name: 'leads', pointer: '/members/0' },
      { kind: 'sharingRule', name: 'toBoss', pointer: '/shareWith' },
    ]));
    expect(role.dependants).toHaveLength(4);
    expect(refusal(await t.md(`mutation { deleteGroup(name: "leads") }`))).toEqual({ code: 'CONFLICT', dependants: [
      { kind: 'group', name: 'everyone', pointer: '/members/0' },
      { kind: 'sharingRule', name: 'toLeads', pointer: '/shareWith' },
    ] });
  });
  it('deleting a group or role takes its manual shares with it, and the history says so', async () => {
    const t = await tenant('depshares');
    await t.ok(`mutation { createGroup(input: {name: "solo"}) { id } }`);
    const deal = (await t.data(`mutation { createDeal(data: {title: "x"}) { id } }`)).data.createDeal.id;
    await t.ok(`mutation($id: ID!) { shareRecord(object: "deal", id: $id, with: {group: "solo"}, access: READ) }`, { id: deal });
    await t.ok(`mutation { deleteGroup(name: "solo") }`);
    const history = (await t.ok(`{ metadataHistory(first: 2) { nodes { kind action target before } } }`)).metadataHistory.nodes;
    expect(history).toEqual([
      { kind: 'group', action: 'deleteGroup', target: 'group solo', before: { name: 'solo', members: [] } },
      { kind: 'share', action: 'removeShares', target: 'shares with group solo', before: { shares: 1, records: [{ object: 'deal', id: deal, access: 'READ' }] } },
    ]);
  });
});

describe('in a document', () => {
  it('a field removed together with what used it goes; one still used elsewhere is refused, naming the user, and nothing is applied', async () => {
    const t = await tenant('depdoc');
    await t.ok(`mutation { saveListView(input: {object: "deal", name: "Open", shared: true, filters: [{field: "stage", op: "eq", value: "open"}]}) { id } }`);
    await t.ok(`mutation { saveListView(input: {object: "deal", name: "Notes", shared: true, filters: [{field: "notes", op: "eq", value: "x"}]}) { id } }`);
    const withoutStage = { objects: [{ ...OBJECTS.objects[1], fields: OBJECTS.objects[1].fields.filter((f) => f.name !== 'stage') }], listViews: [{ object: 'deal', name: 'Open', filters: [{ field: 'title', op: 'eq', value: 'x' }] }] };
    const plan = (await t.ok(APPLY, { d: withoutStage })).applyMetadata;
    expect(plan.changes.filter((c: { action: string }) => c.action !== 'updateField').map((c: { action: string; target: string }) => `${c.action} ${c.target}`)).toEqual(['updateListView deal/Open', 'deleteField deal.stage']);
    const withoutNotes = { objects: [{ ...OBJECTS.objects[1], fields: OBJECTS.objects[1].fields.filter((f) => f.name !== 'stage' && f.name !== 'notes') }] };
    const refused = await t.md(APPLY, { d: withoutNotes });
    expect(refusal(refused)).toEqual({ code: 'CONFLICT', dependants: [{ kind: 'listView', name: 'deal/Notes', pointer: '/filters/0/field' }] });
    expect(refused.errors?.[0].extensions?.errors[0].pointer).toBe('/objects/0');
  });
});
