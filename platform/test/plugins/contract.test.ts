import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, PluginDefinitionError } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startIsolatedServer, ok } from '../kernel/support.ts';
import { gql, metadataClient, newTenant } from '../support/server.ts';
import { calls, HOOK_SECRET, testPlugin } from './test-plugin.ts';

/**
 * Issue 11, item 4: the plugin contract. A test plugin (./test-plugin.ts) adds a metadata kind, a
 * command, a query, routes, a job fired by a timer, save hooks, migrations, a subscriber and a
 * studio page; each is proven to work through the real server, as callers with and without the
 * rights, across tenants; and uninstalling it leaves the core as it was.
 */
let server: RunningServer;
interface T { id: string; schema: string; adminKey: string; adminId: string; md: ReturnType<typeof metadataClient>; api(q: string, v?: Record<string, unknown>): ReturnType<typeof gql>; repKey: string; repId: string; outsiderKey: string; nobodyKey: string }
let a: T;
let b: T;

/** A tenant whose deals everyone reads and owners change, a rep who may read and update deals, an outsider who may only read them, and a user without any right on deals. */
async function tenant(prefix: string): Promise<T> {
  const created = await newTenant(server, prefix);
  const md = metadataClient(server, created.apiKey);
  ok(await md('mutation { createObject(input: {name: "deal", sharing: PUBLIC_READ, fields: [{name: "name", type: TEXT}, {name: "stage", type: TEXT}, {name: "amount", type: INTEGER}]}) { name } }'));
  ok(await md('mutation { createPermissionSet(input: {name: "dealEditors", objectPermissions: [{object: "deal", read: true, create: true, update: true}]}) { id } }'));
  ok(await md('mutation { createPermissionSet(input: {name: "dealReaders", objectPermissions: [{object: "deal", read: true}]}) { id } }'));
  const user = async (set: string) => {
    const id = ok(await md('mutation($e: String!) { createUser(input: {email: $e, name: "Rep"}) { id } }', { e: `${set}-${randomBytes(3).toString('hex')}@example.com` })).createUser.id as string;
    if (set !== 'none') ok(await md('mutation($u: ID!, $s: String!) { assignPermissionSet(user: $u, permissionSet: $s) { id } }', { u: id, s: set }));
    return { id, key: ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string };
  };
  const rep = await user('dealEditors');
  const outsider = await user('dealReaders');
  const nobody = await user('none');
  return {
    id: created.tenant.id, schema: created.tenant.schema, adminKey: created.apiKey, adminId: created.admin.id, md,
    api: (q, v) => gql(server, '/graphql', created.apiKey, q, v), repKey: rep.key, repId: rep.id, outsiderKey: outsider.key, nobodyKey: nobody.key,
  };
}

const as = (key: string, q: string, v?: Record<string, unknown>) => gql(server, '/graphql', key, q, v);
const code = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;
const newDeal = async (t: T, fields = '{name: "d"}') => ok(await t.api(`mutation { createDeal(data: ${fields}) { id } }`)).createDeal.id as string;

beforeAll(async () => {
  server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  // One tenant exists before the plugin: its tenant migration runs at install; the other comes after.
  a = await tenant('pla');
  await server.platform.plugins.install(testPlugin({ pool: server.platform.pool }));
  b = await tenant('plb');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('definePlugin', () => {
  it('refuses what cannot be wired in, naming the plugin and the part', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ name: 'Bad Name', version: '1.0.0' }, /name/],
      [{ name: 'p', version: 'one' }, /semantic version/],
      [{ name: 'p', version: '1.0.0', requires: { q: 'not a range!' } }, /semver range/],
      [{ name: 'p', version: '1.0.0', requires: { p: '1' } }, /requires itself/],
      [{ name: 'p', version: '1.0.0', commands: [{ name: 'go', objects: ['a'], run: async () => 1 }, { name: 'go', objects: ['a'], run: async () => 1 }] }, /two commands/],
      [{ name: 'p', version: '1.0.0', commands: [{ name: 'go on', objects: ['a'], run: async () => 1 }] }, /not a valid name/],
      [{ name: 'p', version: '1.0.0', commands: [{ name: 'go', run: async () => 1 }] }, /names no objects/],
      [{ name: 'p', version: '1.0.0', studio: { nav: [{ label: { en: 'X' }, page: 'missing' }] } }, /does not declare/],
      [{ name: 'p', version: '1.0.0', studio: { pages: [{ path: 'x', title: { en: 'X' }, blocks: [{ type: 'query', query: 'nope' }] }] } }, /does not declare/],
      [{ name: 'p', version: '1.0.0', jobs: [{ name: 'j', run: async () => {} }, { name: 'j', run: async () => {} }] }, /two jobs/],
      // Enum arguments: a PascalCase name, GraphQL values, one set of values per name in the plugin.
      [{ name: 'p', version: '1.0.0', mutations: [{ name: 'm', args: { a: { type: 'Enum', name: 'lower', values: ['A'] } }, run: async () => 1 }] }, /m\(a\): the enum's name "lower" is not PascalCase/],
      [{ name: 'p', version: '1.0.0', mutations: [{ name: 'm', args: { a: { type: 'Enum', name: 'Side', values: [] } }, run: async () => 1 }] }, /the enum Side has no values/],
      [{ name: 'p', version: '1.0.0', mutations: [{ name: 'm', args: { a: { type: 'Enum', name: 'Side', values: ['LEFT', 'no way'] } }, run: async () => 1 }] }, /"no way" is not a GraphQL enum value/],
      [{ name: 'p', version: '1.0.0', mutations: [{ name: 'm', args: { a: { type: 'Enum', name: 'Side', values: ['true'] } }, run: async () => 1 }] }, /"true" is not a GraphQL enum value/],
      [{ name: 'p', version: '1.0.0', mutations: [{ name: 'm', args: { a: { type: 'Enum', name: 'Side', values: ['A', 'A'] } }, run: async () => 1 }] }, /repeats a value/],
      [{ name: 'p', version: '1.0.0', queries: [{ name: 'q', args: { a: { type: 'Enum', name: 'Side', values: ['A'] } }, run: async () => 1 }], mutations: [{ name: 'm', args: { a: { type: 'Enum', name: 'Side', values: ['B'] } }, run: async () => 1 }] }, /declared with other values/],
    ];
    for (const [spec, message] of bad) expect(() => definePlugin(spec as never), JSON.stringify(spec)).toThrow(PluginDefinitionError);
    for (const [spec, message] of bad) expect(() => definePlugin(spec as never)).toThrow(message);
  });

  it('installs only when what it requires is installed in range, and refuses a second copy', async () => {
    const needs = (range: string) => definePlugin({ name: 'needs-pools', version: '1.0.0', requires: { 'test-pools': range } });
    await expect(server.platform.plugins.install(definePlugin({ name: 'orphan', version: '1.0.0', requires: { absent: '^1' } }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(server.platform.plugins.install(needs('^2.0.0'))).rejects.toThrow(/requires test-pools \^2.0.0; 1.2.0 is installed/);
    await server.platform.plugins.install(needs('^1.1.0'));
    // A plugin others require cannot go first.
    await expect(server.platform.plugins.uninstall('test-pools')).rejects.toMatchObject({ code: 'CONFLICT' });
    await server.platform.plugins.uninstall('needs-pools');
    await expect(server.platform.plugins.install(testPlugin({ pool: server.platform.pool }))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('takes out what it wired when a part fails to install (no half-installed plugin)', async () => {
    const failing = definePlugin({
      name: 'half', version: '1.0.0',
      commands: [{ name: 'halfDone', objects: ['deal'], run: async () => 1 }],
      saveHooks: [{ name: 'h', step: 'beforeWrite', run: async () => { throw new Error('must not run'); } }],
      migrations: [{ id: '1', scope: 'tenant', async up() { throw new Error('migration fails'); } }],
    });
    await expect(server.platform.plugins.install(failing)).rejects.toThrow(/migration fails/);
    expect(server.platform.plugins.has('half')).toBe(false);
    await newDeal(a);
    expect(code(await a.api('mutation($id: ID!) { dealHalfDone(id: $id) }', { id: await newDeal(a) }))).toBe('BAD_USER_INPUT');
  });
});

describe('a metadata kind', () => {
  it('is validated by its JSON Schema (published), applied and pulled with the rest, and recorded in the history', async () => {
    const schemas = (await (await fetch(`${server.url}/metadata/schema`)).json()) as { schemas: { $id: string }[] };
    expect(schemas.schemas.map((s) => s.$id)).toContain('tessera:dealPool');
    const refused = await a.md('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { dealPools: [{ name: 'main', object: 'deal', cap: 0 }] } });
    expect(code(refused)).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(refused.errors)).toContain('/dealPools/0/cap');
    ok(await a.md('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { dealPools: [{ name: 'main', object: 'deal', cap: 10 }] } }));
    const pulled = ok(await a.md('{ document }')).document;
    expect(pulled.dealPools).toEqual([{ name: 'main', object: 'deal', cap: 10 }]);
    const history = ok(await a.md('{ metadataHistory(first: 5) { nodes { kind action } } }')).metadataHistory.nodes as { kind: string }[];
    expect(history.map((h) => h.kind)).toContain('dealPool');
    // What an item uses is protected: the object it names cannot be renamed while it does.
    const rename = await a.md('mutation { updateObject(name: "deal", input: {name: "opportunity"}) { name } }');
    expect(code(rename)).toBe('CONFLICT');
    expect(JSON.stringify(rename.errors)).toContain('dealPool');
  });
});

describe('a command', () => {
  it('is a generated mutation named by the inflector, callable without input when its schema requires none', async () => {
    const id = await newDeal(a);
    const claimed = ok(await as(a.repKey, 'mutation($id: ID!) { dealClaim(id: $id) }', { id })).dealClaim;
    expect(claimed).toEqual({ claimed: id, owner: a.repId, note: null });
    expect(ok(await as(a.repKey, 'query($id: ID!) { deal(id: $id) { owner { id } } }', { id })).deal.owner.id).toBe(a.repId);
    const listed = ok(await a.md('{ object(name: "deal") { commands { name mutation provider inputRequired access } } }')).object.commands;
    expect(listed).toContainEqual({ name: 'claim', mutation: 'dealClaim', provider: 'plugin:test-pools', inputRequired: false, access: 'read' });
    // Listed only to those who may run it.
    expect(ok(await metadataClient(server, a.outsiderKey)('{ object(name: "deal") { commands { name } } }')).object.commands).toEqual([]);
  });

  it('checks its input (pointers), the right it needs, and the record access of the caller', async () => {
    const id = await newDeal(a);
    const invalid = await as(a.repKey, 'mutation($id: ID!) { dealClaim(id: $id, input: {note: 5, extra: 1}) }', { id });
    expect(code(invalid)).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(invalid.errors)).toMatch(/\/input/);
    // Read but no update right: FORBIDDEN before anything runs.
    expect(code(await as(a.outsiderKey, 'mutation($id: ID!) { dealClaim(id: $id) }', { id }))).toBe('FORBIDDEN');
    // Without any right on deals, the record is not even there to them.
    expect(code(await as(a.nobodyKey, 'mutation($id: ID!) { dealClaim(id: $id) }', { id }))).toMatch(/FORBIDDEN|NOT_FOUND/);
    // A deleted record is NOT_FOUND (never claimed while in the bin).
    const deleted = await newDeal(a);
    ok(await a.api('mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id: deleted }));
    expect(code(await as(a.repKey, 'mutation($id: ID!) { dealClaim(id: $id) }', { id: deleted }))).toBe('NOT_FOUND');
    // Another tenant's record is NOT_FOUND too, and never changed.
    const other = await newDeal(b);
    expect(code(await as(a.repKey, 'mutation($id: ID!) { dealClaim(id: $id) }', { id: other }))).toBe('NOT_FOUND');
    expect(code(await a.api('mutation($id: ID!) { dealClaim(id: $id) }', { id: other }))).toBe('NOT_FOUND');
    expect(ok(await b.api('query($id: ID!) { deal(id: $id) { owner { id } } }', { id: other })).deal.owner.id).toBe(b.adminId);
    expect(code(await as(a.repKey, 'mutation { dealClaim(id: "not-a-uuid") }'))).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
    // The rep's claim is theirs, made by the plugin beyond the rep's own rights (they could not change the admin's deal).
    expect(code(await as(a.repKey, 'mutation($id: ID!) { updateDeal(id: $id, data: {name: "x"}) { id } }', { id: await newDeal(a) }))).toMatch(/FORBIDDEN|NOT_FOUND/);
    ok(await as(a.repKey, 'mutation($id: ID!) { dealClaim(id: $id) }', { id }));
  });

  it('refuses with its own typed error and writes nothing (the cap of the pool, a metadata item)', async () => {
    // The cap counts what the rep owns.
    const rep = b.repKey;
    ok(await b.md('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { dealPools: [{ name: 'main', object: 'deal', cap: 1 }] } }));
    const [one, two] = [await newDeal(b), await newDeal(b)];
    ok(await as(rep, 'mutation($id: ID!) { dealClaim(id: $id) }', { id: one }));
    const refused = await as(rep, 'mutation($id: ID!) { dealClaim(id: $id) }', { id: two });
    expect(code(refused)).toBe('LIMIT_EXCEEDED');
    expect(refused.errors![0].extensions).toMatchObject({ limit: 'poolCap', max: 1 });
    expect(ok(await b.api('query($id: ID!) { deal(id: $id) { owner { id } } }', { id: two })).deal.owner.id).toBe(b.adminId);
  });

  it('is callable from a script as ctx.commands.run, with the caller\'s rights', async () => {
    const entry: string = path.resolve(import.meta.dirname, '../../../runtime/src/index.ts');
    await server.platform.plugins.install((await import(entry)).createPlugin());
    try {
      const source = `export const actions = { deal: { grab: { run: async (ctx) => ctx.commands.run('deal', 'claim', ctx.record.id, { note: 'via script' }) } } };`;
      const saved = ok(await a.md('mutation($s: String!) { saveScript(input: {name: "grabber", language: JS, source: $s}) { active diagnostics { message } } }', { s: source })).saveScript;
      expect(saved.active, JSON.stringify(saved)).toBe(true);
      const id = await newDeal(a);
      expect(ok(await as(a.repKey, 'mutation($id: ID!) { dealGrab(id: $id) }', { id })).dealGrab).toEqual({ claimed: id, owner: a.repId, note: 'via script' });
      // Through the script, the outsider still lacks the update right the command needs: the script's call is refused (and the script fails with it).
      const refused = await as(a.outsiderKey, 'mutation($id: ID!) { dealGrab(id: $id) }', { id: await newDeal(a) });
      expect(code(refused)).toBe('SCRIPT_ERROR');
      expect(refused.errors![0].message).toMatch(/may not update deal/);
    } finally {
      await server.platform.plugins.uninstall('scripts');
    }
  });
});

describe('a timer and a job', () => {
  it('fire exactly when due on the test clock: the claim schedules a reminder 24 h later', async () => {
    const id = await newDeal(b);
    const other = await newDeal(b, '{name: "other"}');
    ok(await b.md('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { dealPools: [{ name: 'main', object: 'deal', cap: 100 }] } }));
    ok(await b.api('mutation($id: ID!) { dealClaim(id: $id, input: {note: "call back"}) }', { id }));
    const reminders = async () => (await server.platform.pool.query(`select deal_id, note from "${b.schema}".test_pool_reminders where deal_id = any($1::uuid[])`, [[id, other]])).rows;
    ok(await b.md('mutation { advanceClock(by: "PT23H") { timersFired } }'));
    expect(await reminders()).toEqual([]);
    const moved = ok(await b.md('mutation { advanceClock(by: "PT2H") { timersFired } }')).advanceClock;
    expect(moved.timersFired).toBeGreaterThanOrEqual(1);
    // advanceClock returns once the jobs the timers became have run.
    expect(await reminders()).toEqual([{ deal_id: id, note: 'call back' }]);
  });
});

describe('a query, routes and save hooks', () => {
  it('offers its query on /graphql, run as the caller', async () => {
    const rows = ok(await as(b.repKey, '{ dealPoolStats }')).dealPoolStats as { visibleDeals: number; reminders: number }[];
    expect(rows[0].visibleDeals).toBeGreaterThan(0);
    // The reminders of both claims made in this tenant (the cap test's and the timer test's) fired with the clock.
    expect(rows[0].reminders).toBe(2);
    // Run as a caller without the right to read deals, its read through the verbs is refused.
    expect(code(await as(b.nobodyKey, '{ dealPoolStats }'))).toBe('FORBIDDEN');
    expect(code(await as(b.repKey, '{ dealPoolStats(input: 5) }'))).toBe('VALIDATION_FAILED');
  });

  it('offers a root mutation with typed arguments, as the caller, in the request\'s transaction', async () => {
    const { id } = ok(await b.api('mutation { createDeal(data: {name: "To rename"}) { id } }')).createDeal;
    expect(ok(await b.api('mutation($id: ID!) { renameDeal(id: $id, name: "Renamed") }', { id })).renameDeal).toMatchObject({ id, name: 'Renamed' });
    // The input checked against its schema (a name too long), pointers at the argument.
    expect(code(await b.api('mutation($id: ID!) { renameDeal(id: $id, name: "a name much too long for it") }', { id }))).toBe('VALIDATION_FAILED');
    // A later root mutation that fails rolls the request back, the plugin's write with it.
    const both = await b.api('mutation($id: ID!) { a: renameDeal(id: $id, name: "Again") b: renameDeal(id: $id, name: "a name much too long for it") }', { id });
    expect(both.errors?.length).toBeGreaterThan(0);
    expect(ok(await b.api('query($id: ID!) { deal(id: $id) { name } }', { id })).deal.name).toBe('Renamed');
    // An enum argument: a GraphQL enum named per plugin (<Plugin>_<name>), its value given as a name, never as a string.
    expect(ok(await b.api('mutation($id: ID!) { renameDeal(id: $id, name: "Loud", letters: UPPER) }', { id })).renameDeal).toMatchObject({ name: 'LOUD' });
    expect(ok(await b.api('mutation($id: ID!, $l: TestPools_LetterCase) { renameDeal(id: $id, name: "Quiet", letters: $l) }', { id, l: 'LOWER' })).renameDeal).toMatchObject({ name: 'quiet' });
    const quoted = await b.api('mutation($id: ID!) { renameDeal(id: $id, name: "Loud", letters: "UPPER") }', { id });
    expect(code(quoted)).toBe('BAD_USER_INPUT');
    expect(quoted.errors?.[0].message).toContain('Enum "TestPools_LetterCase" cannot represent non-enum value: "UPPER"');
    const values = ok(await b.api('{ __type(name: "TestPools_LetterCase") { kind enumValues { name } } }')).__type;
    expect(values).toEqual({ kind: 'ENUM', enumValues: [{ name: 'UPPER' }, { name: 'LOWER' }, { name: 'AS_GIVEN' }] });
  });

  it('answers its routes: signed in as /graphql, public ones checking their own signature; unknown ones 404', async () => {
    const stats = await fetch(`${server.url}/plugins/test-pools/stats/deal`, { headers: { authorization: `Bearer ${b.repKey}` } });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ object: 'deal', user: expect.any(String) });
    expect((await fetch(`${server.url}/plugins/test-pools/stats/deal`)).status).toBe(401);
    const unknownObject = await fetch(`${server.url}/plugins/test-pools/stats/nothing`, { headers: { authorization: `Bearer ${b.repKey}` } });
    expect(unknownObject.status).toBe(400);
    expect(((await unknownObject.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const body = JSON.stringify({ hello: '世界' });
    const signed = await fetch(`${server.url}/plugins/test-pools/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': createHmac('sha256', HOOK_SECRET).update(body).digest('hex') }, body });
    expect(signed.status).toBe(202);
    expect(await signed.json()).toEqual({ received: { hello: '世界' } });
    expect((await fetch(`${server.url}/plugins/test-pools/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'x' }, body })).status).toBe(401);
    expect((await fetch(`${server.url}/plugins/test-pools/nothing`)).status).toBe(404);
    expect((await fetch(`${server.url}/plugins/absent/stats`)).status).toBe(404);
    expect((await fetch(`${server.url}/plugins/test-pools/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })).status).toBe(400);
  });

  it('runs save hooks only for the fields they watch, in their declared order', async () => {
    const id = await newDeal(a);
    calls.order.length = 0;
    const before = calls.statusHook;
    ok(await a.api('mutation($id: ID!) { updateDeal(id: $id, data: {amount: 5}) { id } }', { id }));
    expect(calls.statusHook).toBe(before);
    ok(await a.api('mutation($id: ID!) { updateDeal(id: $id, data: {stage: "won"}) { id } }', { id }));
    expect(calls.statusHook).toBe(before + 1);
    expect(calls.order.slice(0, 2)).toEqual(['first', 'second']);
  });

  it('lists itself and its studio page on /metadata', async () => {
    const plugins = ok(await a.md('{ plugins { name version studio } }')).plugins as { name: string; version: string; studio: { nav: unknown[]; pages: { path: string }[] } }[];
    expect(plugins.map((p) => p.name)).toEqual(expect.arrayContaining(['permissions', 'audit', 'events', 'test-pools']));
    const mine = plugins.find((p) => p.name === 'test-pools')!;
    expect(mine.version).toBe('1.2.0');
    expect(mine.studio.nav).toHaveLength(1);
    expect(mine.studio.pages[0].path).toBe('pools');
  });

  it('ran its migrations once: the system one, and the tenant one in tenants from before and after it', async () => {
    const marks = (await server.platform.pool.query('select count(*)::int as n from public.test_plugin_marker')).rows[0].n;
    expect(marks).toBe(1);
    for (const t of [a, b]) await server.platform.pool.query(`select 1 from "${t.schema}".test_pool_reminders limit 1`);
    const runs = (await server.platform.pool.query(`select migration, count(*)::int as n from tessera.plugin_migrations where plugin = 'test-pools' group by 1 order by 1`)).rows;
    expect(runs.find((r) => r.migration === '001-marker')?.n).toBe(1);
  });
});

describe('uninstalling', () => {
  it('takes out every part and leaves the core working', async () => {
    const id = await newDeal(a);
    ok(await a.api('mutation($id: ID!) { dealClaim(id: $id) }', { id }));
    expect(await server.platform.plugins.uninstall('test-pools')).toBe(true);
    // Command and query gone from the API; route and kind gone; hooks no longer run.
    expect(code(await a.api('mutation($id: ID!) { dealClaim(id: $id) }', { id }))).toBe('BAD_USER_INPUT');
    expect(code(await a.api('{ dealPoolStats }'))).toBe('BAD_USER_INPUT');
    expect((await fetch(`${server.url}/plugins/test-pools/stats/deal`, { headers: { authorization: `Bearer ${a.adminKey}` } })).status).toBe(404);
    const schemas = (await (await fetch(`${server.url}/metadata/schema`)).json()) as { schemas: { $id: string }[] };
    expect(schemas.schemas.map((s) => s.$id)).not.toContain('tessera:dealPool');
    expect(code(await a.md('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { dealPools: [] } }))).toBe('VALIDATION_FAILED');
    expect(server.platform.jobs.names).not.toContain('test-pools/remind');
    const hooks = calls.statusHook;
    // The core: create, update, history, delete, restore as before; the built-in plugins still there.
    const deal = ok(await a.api('mutation { createDeal(data: {name: "after", stage: "new"}) { id } }')).createDeal.id;
    ok(await a.api('mutation($id: ID!) { updateDeal(id: $id, data: {stage: "won"}) { id stage } }', { id: deal }));
    expect(calls.statusHook).toBe(hooks);
    const history = ok(await a.api('query($id: ID!) { recordHistory(object: "deal", id: $id) { action } }', { id: deal })).recordHistory;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(code(await as(a.outsiderKey, 'mutation($id: ID!) { updateDeal(id: $id, data: {stage: "x"}) { id } }', { id: deal }))).toMatch(/FORBIDDEN|NOT_FOUND/);
    ok(await a.api('mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id: deal }));
    ok(await a.api('mutation($id: ID!) { restoreDeal(id: $id) { id } }', { id: deal }));
    expect(server.platform.plugins.list().map((p) => p.name)).toEqual(['permissions', 'validation-rules', 'hierarchy', 'positions', 'duplicates', 'rollups', 'files', 'audit', 'encryption', 'events', 'calendars', 'analytics']);
    // Installed again, it finds its data (migrations do not run twice) and works.
    await server.platform.plugins.install(testPlugin({ pool: server.platform.pool }));
    ok(await a.api('mutation($id: ID!) { dealClaim(id: $id) }', { id: deal }));
    expect((await server.platform.pool.query('select count(*)::int as n from public.test_plugin_marker')).rows[0].n).toBe(1);
  });
});
