import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { APPLY, PEOPLE, populatedTenant, PULL } from './fixture.ts';
import { configTenant, historyCount, startConfigServer, versions } from './support.ts';

/**
 * A whole tenant's configuration is one document: every kind pulled, applied elsewhere, pulled back
 * the same; planned without applying; refused with pointers into it.
 */
let server: Awaited<ReturnType<typeof startConfigServer>>;
let A: Awaited<ReturnType<typeof populatedTenant>>;
let pulledA: Record<string, unknown[]>;

const KEYS = ['objects', 'roles', 'permissionSets', 'groups', 'sharingRules', 'listViews', 'dashboards', 'apps', 'duplicateRules', 'validationRules', 'scripts', 'businessCalendars', 'forecasts'];

/** A tenant with the fixture's users (documents name people by e-mail; they are not configuration). */
async function emptyTenantWithPeople(prefix: string) {
  const t = await configTenant(server as RunningServer, prefix);
  for (const p of PEOPLE) await t.ok(`mutation($e: String!, $n: String!) { createUser(input: {email: $e, name: $n}) { id } }`, { e: p.email, n: p.name });
  return t;
}

beforeAll(async () => {
  server = await startConfigServer();
  A = await populatedTenant(server as RunningServer, 'doca');
  pulledA = (await A.ok(PULL)).document;
});
afterAll(async () => { await server?.closeAll(); });

describe('a whole configuration round-trips', () => {
  it('pulls every kind by name: no ids, no secrets, people by e-mail, personal views left out', () => {
    expect(Object.keys(pulledA)).toEqual(KEYS);
    for (const key of KEYS) expect(pulledA[key].length, key).toBeGreaterThan(0);
    expect(pulledA.roles).toEqual([
      { name: 'director', objectPermissions: [{ object: 'deal', read: true, update: true, viewAll: true }], capabilities: ['exportData'] },
      { name: 'rep', parent: 'director', objectPermissions: [{ object: 'deal', read: true, create: true }], fieldPermissions: [{ object: 'deal', field: 'amount', read: true }] },
    ]);
    expect(pulledA.groups).toEqual([
      { name: 'north', members: [{ roleAndSubordinates: 'director' }] },
      { name: 'all', members: [{ role: 'rep' }, { group: 'north' }, { user: 'ann@config.test' }] },
    ]);
    expect(pulledA.sharingRules).toEqual([
      { name: 'bigDeals', object: 'deal', filter: { amount: { gt: 10000 } }, shareWith: { user: 'bo@config.test' }, access: 'READ_WRITE' },
      { name: 'northDeals', object: 'deal', filter: { account: { region: { eq: 'north' } } }, shareWith: { group: 'north' }, access: 'READ' },
    ]);
    expect(pulledA.listViews).toEqual([
      { object: 'account', name: 'All accounts' },
      { object: 'deal', name: 'Open deals', filters: [{ field: 'stage', op: 'eq', value: 'open' }], sort: { field: 'amount', direction: 'DESC' }, columns: ['title', 'amount', 'stage'] },
    ]);
    expect(pulledA.apps).toEqual([{ name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['deal', 'account'] }]);
    expect(pulledA.duplicateRules).toEqual([{ name: 'sameDeal', object: 'deal', label: { en: 'Same deal' }, action: 'WARN', active: true, match: { and: [{ field: 'account', match: 'exact' }, { field: 'title', match: 'fuzzy', threshold: 0.6 }] } }]);
    expect(pulledA.scripts).toEqual([{ name: 'dealRules', language: 'TS', source: expect.stringContaining('beforeCreate') }]);
    const text = JSON.stringify(pulledA);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toContain('Mine only');
  });

  it('applied to an empty tenant (with the same people), pulls back the same document; applied again, changes nothing', async () => {
    const B = await emptyTenantWithPeople('docb');
    const plan = (await B.ok(APPLY, { d: pulledA })).applyMetadata;
    expect(plan.applied).toBe(true);
    expect(new Set(plan.changes.map((c: { kind: string }) => c.kind))).toEqual(new Set(['object', 'role', 'permissionSet', 'group', 'sharingRule', 'listView', 'dashboard', 'app', 'duplicateRule', 'validationRule', 'script', 'businessCalendar', 'forecast']));
    const pulledB = (await B.ok(PULL)).document;
    expect(pulledB).toEqual(pulledA);
    expect(JSON.stringify(pulledB)).toBe(JSON.stringify(pulledA));
    const before = await versions(server, B.id);
    expect((await B.ok(APPLY, { d: pulledB })).applyMetadata).toMatchObject({ applied: false, changes: [] });
    expect(await versions(server, B.id)).toEqual(before);

    // What was applied works: the script's trigger and action, the sharing rule through the lookup.
    const deal = await B.data(`mutation { createDeal(data: {title: "From B", amount: {amount: 5, currency: "USD"}}) { id stage } }`);
    expect(deal.data.createDeal.stage, JSON.stringify(deal.errors)).toBe('open');
    expect((await B.data(`mutation($id: ID!) { dealClose(id: $id) }`, { id: deal.data.createDeal.id })).data.dealClose).toBe('closed');
  });

  it('plans every kind on a dry run, and changes nothing', async () => {
    const C = await emptyTenantWithPeople('docc');
    const before = await versions(server, C.id);
    const rows = await historyCount(server, C.id);
    const plan = (await C.ok(APPLY, { d: pulledA, dry: true })).applyMetadata;
    expect(plan).toMatchObject({ dryRun: true, applied: false, version: before.metadata + 1 });
    const created = new Set(plan.changes.map((c: { action: string }) => c.action));
    for (const action of ['createObject', 'createField', 'setIndexes', 'createRole', 'createPermissionSet', 'createGroup', 'createSharingRule', 'createListView', 'createDashboard', 'createApp', 'createScript']) expect(created, action).toContain(action);
    expect(plan.changes.find((c: { kind: string }) => c.kind === 'script').notes).toEqual(['version 1 is active']);
    expect(await versions(server, C.id)).toEqual(before);
    expect(await historyCount(server, C.id)).toBe(rows);
    const pulled = (await C.ok(PULL)).document;
    for (const key of KEYS) expect(pulled[key], key).toEqual([]);
  });

  it('leaves a kind the document does not carry alone, and the items it does not name', async () => {
    const D = await emptyTenantWithPeople('docd');
    await D.ok(APPLY, { d: pulledA });
    const rolesOnly = { roles: [{ name: 'rep', parent: 'director', objectPermissions: [{ object: 'deal', read: true }] }] };
    const plan = (await D.ok(APPLY, { d: rolesOnly })).applyMetadata;
    expect(plan.changes.map((c: { kind: string; action: string; target: string }) => `${c.kind} ${c.action} ${c.target}`)).toEqual(['role updateRole rep']);
    const after = (await D.ok(PULL)).document;
    expect(after.roles.map((r: { name: string }) => r.name)).toEqual(['director', 'rep']);
    for (const key of KEYS.filter((k) => k !== 'roles')) expect(after[key], key).toEqual(pulledA[key]);
  });
});

describe('a document is refused with pointers into it', () => {
  it('points at each item that breaks its kind\'s schema, at unknown keys and at duplicate names', async () => {
    const res = await A.md(APPLY, { d: {
      widgets: [],
      roles: [{ name: 'ok' }, { name: 'ok' }, { name: '', capabilities: ['flyAway'] }],
      listViews: [{ object: 'deal', name: 'v', columns: ['title', 7] }],
      dashboards: [{ name: 'd', blocks: [{ id: 'x', type: 'chart', object: 'deal', measure: { fn: 'median' }, chart: 'bar' }] }],
    } });
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = res.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/widgets', '/roles/2/name', '/roles/2/capabilities/0', '/listViews/0/columns/1', '/dashboards/0/blocks/0/measure/fn']));
    const dup = await A.md(APPLY, { d: { roles: [{ name: 'x' }, { name: 'y' }, { name: 'x' }] } });
    expect(dup.errors?.[0].extensions?.errors).toEqual([{ pointer: '/roles/2/name', message: 'duplicates the name of /roles/0' }]);
  });

  it('points at what the tenant lacks: objects, fields, roles, users — and nothing is applied', async () => {
    const E = await emptyTenantWithPeople('doce');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ listViews: [{ object: 'deal', name: 'v' }] }, '/listViews/0/object', 'VALIDATION_FAILED'],
      [{ objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }] }], listViews: [{ object: 'deal', name: 'v', columns: ['title', 'nope'] }] }, '/listViews/0/columns/1', 'VALIDATION_FAILED'],
      [{ objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }] }], dashboards: [{ name: 'd', blocks: [{ id: 'a', type: 'chart', object: 'deal', measure: { fn: 'sum', field: 'nope' }, chart: 'bar' }] }] }, '/dashboards/0/blocks/0/measure/field', 'VALIDATION_FAILED'],
      [{ roles: [{ name: 'r', parent: 'ghost' }] }, '/roles/0/parent', 'REFERENCE_NOT_FOUND'],
      [{ roles: [{ name: 'r', objectPermissions: [{ object: 'ghost', read: true }] }] }, '/roles/0/objectPermissions/0/object', 'REFERENCE_NOT_FOUND'],
      [{ roles: [{ name: 'a', parent: 'b' }, { name: 'b', parent: 'a' }] }, '/roles/0', 'VALIDATION_FAILED'],
      [{ groups: [{ name: 'g', members: [{ user: 'nobody@config.test' }] }] }, '/groups/0/members/0/user', 'REFERENCE_NOT_FOUND'],
      [{ objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }] }], sharingRules: [{ name: 's', object: 'deal', filter: { nope: { eq: 1 } }, shareWith: { role: 'x' }, access: 'READ' }] }, '/sharingRules/0/filter/nope', 'VALIDATION_FAILED'],
      [{ objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }] }], scripts: [{ name: 's', source: 'export const triggers = { deal: { beforeCreate(ctx) { ctx.records[0].titel = 1; } } };' }] }, '/scripts/0/source', 'VALIDATION_FAILED'],
    ];
    for (const [d, pointer, code] of cases) {
      const res = await E.md(APPLY, { d });
      expect(res.errors?.[0].extensions?.code, `${pointer}: ${JSON.stringify(res.errors)}`).toBe(code);
      expect(res.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer), JSON.stringify(res.errors)).toContain(pointer);
    }
    const pulled = (await E.ok(PULL)).document;
    for (const key of KEYS) expect(pulled[key], key).toEqual([]);
  });
});

describe('what documents are checked against, and who may apply them', () => {
  it('publishes each kind\'s schema and the document composed of them at GET /metadata/schema', async () => {
    const res = await fetch(`${server.url}/metadata/schema`);
    const { schemas } = (await res.json()) as { schemas: { $id: string; properties?: Record<string, { items?: { $ref?: string } }> }[] };
    const ids = schemas.map((s) => s.$id);
    for (const kind of ['object', 'script', 'role', 'permissionSet', 'group', 'sharingRule', 'listView', 'dashboard', 'app', 'duplicateRule', 'validationRule', 'businessCalendar', 'forecast']) expect(ids).toContain(`tessera:${kind}`);
    expect(new Set(ids).size).toBe(ids.length);
    const document = schemas.find((s) => s.$id === 'tessera:document')!;
    expect(Object.fromEntries(Object.entries(document.properties!).map(([k, v]) => [k, v.items?.$ref]))).toEqual({
      objects: 'tessera:object', roles: 'tessera:role', permissionSets: 'tessera:permissionSet', groups: 'tessera:group',
      sharingRules: 'tessera:sharingRule', listViews: 'tessera:listView', dashboards: 'tessera:dashboard', apps: 'tessera:app', duplicateRules: 'tessera:duplicateRule', validationRules: 'tessera:validationRule', scripts: 'tessera:script', businessCalendars: 'tessera:businessCalendar', forecasts: 'tessera:forecast',
    });
  });

  it('lets a user manager apply the security kinds (within their rights) but not objects; a metadata manager the reverse', async () => {
    const F = await emptyTenantWithPeople('docf');
    await F.ok(APPLY, { d: { objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }] }] } });
    const keyFor = async (caps: string) => {
      const name = `holder${caps.replace(/\W/g, '')}`;
      await F.ok(`mutation { createPermissionSet(input: {name: "${name}", capabilities: [${caps}]}) { id } }`);
      const id = (await F.ok(`mutation { createUser(input: {email: "${name}@config.test", name: "${name}"}) { id } }`)).createUser.id;
      await F.ok(`mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "${name}") { id } }`, { u: id });
      const key = (await F.ok(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id })).createApiKey.key;
      return (query: string, variables?: Record<string, unknown>) => fetch(`${server.url}/metadata`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
    };
    const users = await keyFor('manageUsers');
    const meta = await keyFor('manageMetadata');
    expect((await users(APPLY, { d: { roles: [{ name: 'helper', objectPermissions: [{ object: 'deal', read: true }] }] } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await users(APPLY, { d: { roles: [{ name: 'helper' }], groups: [{ name: 'helpers', members: [{ role: 'helper' }] }] } });
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    const objects = await users(APPLY, { d: { objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }, { name: 'extra', type: 'text' }] }] } });
    expect(objects.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/objects' }] });
    const views = await meta(APPLY, { d: { listViews: [{ object: 'deal', name: 'All' }], roles: [{ name: 'x' }] } });
    expect(views.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/roles' }] });
    expect((await meta(APPLY, { d: { listViews: [{ object: 'deal', name: 'All' }] } })).errors).toBeUndefined();
    expect((await meta(APPLY, { d: { scripts: [{ name: 's', source: 'export const triggers = {};' }] } })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/scripts' }] });
  });

  it('records purging deleted objects and fields in the history', async () => {
    const G = await configTenant(server as RunningServer, 'docg');
    await G.ok(APPLY, { d: { objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }, { name: 'old', type: 'text' }] }] } });
    await G.ok(`mutation { deleteField(object: "deal", name: "old") { name } }`);
    expect((await G.ok(`mutation { purgeDeleted }`)).purgeDeleted).toEqual(['deal.old']);
    const [entry] = (await G.ok(`{ metadataHistory(first: 1) { nodes { kind action target before } } }`)).metadataHistory.nodes;
    expect(entry).toEqual({ kind: 'object', action: 'purgeDeleted', target: 'deal.old', before: { objects: [], fields: ['deal.old'] } });
    const rows = await historyCount(server, G.id);
    expect((await G.ok(`mutation { purgeDeleted }`)).purgeDeleted).toEqual([]);
    expect(await historyCount(server, G.id)).toBe(rows);
  });
});
