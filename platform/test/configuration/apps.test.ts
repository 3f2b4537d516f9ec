import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUses } from '../../src/plugins/document-items.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, startTestServer } from '../support/server.ts';
import { configTenant } from './support.ts';

/**
 * Apps: named groups of objects, a metadata kind (`apps` in documents) built with documentItems.
 * They round-trip, name only objects that exist, follow an object's rename and let go of a deleted
 * one; `apps` on /metadata shows each user the objects they may read.
 */
let server: RunningServer;
let t: Awaited<ReturnType<typeof configTenant>>;

const APPLY = `mutation($d: JSON!, $dry: Boolean) { applyMetadata(document: $d, dryRun: $dry) { applied changes { kind action target notes } } }`;
const APPS = `{ apps { name label labels objects } }`;
const OBJECTS = [
  { name: 'account', fields: [{ name: 'name', type: 'text' }] },
  { name: 'deal', fields: [{ name: 'title', type: 'text' }] },
  { name: 'ticket', fields: [{ name: 'subject', type: 'text' }] },
];

beforeAll(async () => {
  server = await startTestServer();
  t = await configTenant(server, 'apps');
  await t.ok(APPLY, { d: { objects: OBJECTS } });
});
afterAll(async () => { await server?.close(); });

describe('apps as metadata', () => {
  it('are applied from a document, pulled back resolved, and applied again change nothing', async () => {
    const plan = (await t.ok(APPLY, { d: { apps: [
      { name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['deal', 'account'] },
      { name: 'service', label: 'Service', objects: ['ticket', 'account'] },
    ] } })).applyMetadata;
    expect(plan.changes.map((c: { kind: string; action: string; target: string }) => `${c.kind} ${c.action} ${c.target}`)).toEqual(['app createApp sales', 'app createApp service']);
    const pulled = (await t.ok(`{ document }`)).document;
    expect(pulled.apps).toEqual([
      { name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['deal', 'account'] },
      { name: 'service', label: { en: 'Service' }, objects: ['ticket', 'account'] },
    ]);
    expect((await t.ok(APPLY, { d: { apps: pulled.apps } })).applyMetadata).toEqual({ applied: false, changes: [] });
    expect((await t.ok(APPLY, { d: { apps: [{ name: 'service', label: 'Service', objects: ['ticket', 'account'] }] } })).applyMetadata.changes).toEqual([]);
    const history = (await t.ok(`{ metadataHistory(first: 2) { nodes { kind action target } } }`)).metadataHistory.nodes;
    expect(history).toEqual([{ kind: 'app', action: 'createApp', target: 'service' }, { kind: 'app', action: 'createApp', target: 'sales' }]);
  });

  it('a pull of named sections (`document(kinds:)`) holds only those, objects included only when named', async () => {
    const only = (await t.ok(`{ document(kinds: ["apps", "businessCalendars"]) }`)).document;
    expect(Object.keys(only).sort()).toEqual(['apps', 'businessCalendars']);
    expect(only.apps.map((a: { name: string }) => a.name)).toEqual(['sales', 'service']);
    expect(Object.keys((await t.ok(`{ document(kinds: ["objects"]) }`)).document)).toEqual(['objects']);
  });

  it('name only objects that exist, and each object once: refused with pointers, nothing applied', async () => {
    const missing = await t.md(APPLY, { d: { apps: [{ name: 'ops', objects: ['account'] }, { name: 'k12', objects: ['account', 'student', 'teacher'] }] } });
    expect(missing.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(missing.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/apps/1/objects/1', '/apps/1/objects/2']);
    const twice = await t.md(APPLY, { d: { apps: [{ name: 'ops', objects: ['account', 'account'] }] } });
    expect(twice.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(twice.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/apps/0/objects']);
    const badName = await t.md(APPLY, { d: { apps: [{ name: 'Ops!', objects: [] }] } });
    expect(badName.errors![0].extensions!.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/apps/0/name']);
    // Objects created by the same document are there for its apps.
    const together = (await t.ok(APPLY, { d: { objects: [{ name: 'student', fields: [{ name: 'name', type: 'text' }] }], apps: [{ name: 'k12', objects: ['student'] }] }, dry: true })).applyMetadata;
    expect(together.changes.map((c: { action: string }) => c.action)).toContain('createApp');
    expect((await t.ok(`{ document }`)).document.apps.map((a: { name: string }) => a.name)).toEqual(['sales', 'service']);
  });

  it('follow an object\'s rename, with their own history entry and a note on the plan', async () => {
    const plan = (await t.ok(`mutation { updateObject(name: "deal", input: {name: "opportunity"}) { name } }`));
    expect(plan.updateObject.name).toBe('opportunity');
    const apps = (await t.ok(`{ document }`)).document.apps;
    expect(apps.find((a: { name: string }) => a.name === 'sales').objects).toEqual(['opportunity', 'account']);
    const history = (await t.ok(`{ metadataHistory(first: 2) { nodes { kind action target before after } } }`)).metadataHistory.nodes;
    expect(history.map((h: { kind: string; action: string; target: string }) => `${h.kind} ${h.action} ${h.target}`)).toEqual(['object updateObject opportunity', 'app updateApp sales']);
    expect(history[1].before.objects).toEqual(['deal', 'account']);
    expect(history[1].after.objects).toEqual(['opportunity', 'account']);
  });

  it('let go of a deleted object (a restore does not put it back)', async () => {
    await t.ok(`mutation { deleteObject(name: "ticket") { name } }`);
    expect((await t.ok(`{ document }`)).document.apps.find((a: { name: string }) => a.name === 'service').objects).toEqual(['account']);
    await t.ok(`mutation { restoreObject(name: "ticket") { name } }`);
    expect((await t.ok(`{ document }`)).document.apps.find((a: { name: string }) => a.name === 'service').objects).toEqual(['account']);
  });

  it('are listed on /metadata for every user, localized, with only the objects they may read; deleteApp removes one', async () => {
    const admin = (await t.ok(APPS)).apps;
    expect(admin).toEqual([
      { name: 'sales', label: 'Sales', labels: { en: 'Sales', 'zh-CN': '销售' }, objects: ['opportunity', 'account'] },
      { name: 'service', label: 'Service', labels: { en: 'Service' }, objects: ['account'] },
    ]);
    const zh = await fetch(`${server.url}/metadata`, { method: 'POST', headers: { authorization: `Bearer ${t.tenant.apiKey}`, 'content-type': 'application/json', 'x-tessera-locale': 'zh-CN' }, body: JSON.stringify({ query: `{ apps { label } }` }) });
    expect(((await zh.json()) as any).data.apps.map((a: { label: string }) => a.label)).toEqual(['销售', 'Service']);

    await t.ok(`mutation { createRole(input: {name: "rep", objectPermissions: [{object: "account", read: true}]}) { id } }`);
    const user = (await t.ok(`mutation { createUser(input: {email: "rep@apps.test", name: "Rep", role: "rep"}) { id } }`)).createUser.id;
    const key = (await t.ok(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).createApiKey.key;
    const rep = await gql(server, '/metadata', key, APPS);
    expect(rep.data.apps.map((a: { name: string; objects: string[] }) => [a.name, a.objects])).toEqual([['sales', ['account']], ['service', ['account']]]);
    expect((await gql(server, '/metadata', key, APPLY, { d: { apps: [{ name: 'mine', objects: ['account'] }] } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server, '/metadata', key, `mutation { deleteApp(name: "sales") }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    expect((await t.ok(`mutation { deleteApp(name: "service") }`)).deleteApp).toBe(true);
    expect((await t.ok(APPS)).apps.map((a: { name: string }) => a.name)).toEqual(['sales']);
    expect((await t.md(`mutation { deleteApp(name: "service") }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('followUses (documentItems\' default follow and prune)', () => {
  const uses = [
    { target: { kind: 'object', name: 'lead' }, pointer: '/objects/0', onDelete: 'prune' as const, onRename: 'follow' as const },
    { target: { kind: 'object', name: 'deal' }, pointer: '/objects/1', onDelete: 'prune' as const, onRename: 'follow' as const },
    { target: { kind: 'field', name: 'lead.phone' }, pointer: '/columns/lead', onDelete: 'prune' as const, onRename: 'follow' as const },
    { target: { kind: 'field', name: 'lead.email' }, pointer: '/match', onDelete: 'keep' as const, onRename: 'follow' as const },
  ];
  const item = { name: 'x', objects: ['lead', 'deal'], columns: { lead: 'phone' }, match: 'lead.email' };

  it('rewrites every use of a renamed object or field, in the form the item wrote it', () => {
    expect(followUses(item, uses, { action: 'rename', target: { kind: 'object', name: 'lead' }, to: 'prospect' }))
      .toEqual({ name: 'x', objects: ['prospect', 'deal'], columns: { lead: 'phone' }, match: 'prospect.email' });
    expect(followUses(item, uses, { action: 'rename', target: { kind: 'field', name: 'lead.phone' }, to: 'mobile' }))
      .toEqual({ ...item, columns: { lead: 'mobile' } });
  });

  it('takes out pruned uses of a deleted object (its fields\' too) and leaves kept ones', () => {
    expect(followUses(item, uses, { action: 'delete', target: { kind: 'object', name: 'lead' } })).toEqual({ name: 'x', objects: ['deal'], columns: {}, match: 'lead.email' });
    expect(item.objects).toEqual(['lead', 'deal']);
  });
});
