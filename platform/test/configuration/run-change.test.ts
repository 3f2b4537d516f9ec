import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/errors/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { configTenant, historyCount, listen, startConfigServer, versions } from './support.ts';

/**
 * One change runner for every kind of configuration: each change takes the tenant lock, bumps the
 * versions its kind asks for, leaves exactly one history row and announces itself — or, failing,
 * leaves nothing at all.
 */
let server: Awaited<ReturnType<typeof startConfigServer>>;
let T: Awaited<ReturnType<typeof configTenant>>;
let listener: Awaited<ReturnType<typeof listen>>;
let repId: string;
let dealId: string;

beforeAll(async () => {
  server = await startConfigServer();
  T = await configTenant(server as RunningServer, 'runchg');
  await T.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, {
    d: { objects: [{ name: 'deal', sharing: 'PRIVATE', fields: [{ name: 'title', type: 'text' }, { name: 'amount', type: 'number' }] }] },
  });
  repId = (await T.ok(`mutation { createUser(input: {email: "rep@runchg.test", name: "Rep"}) { id } }`)).createUser.id;
  dealId = (await T.data(`mutation { createDeal(data: {title: "A"}) { id } }`)).data.createDeal.id;
  listener = await listen(T.id);
  await listener.take();
});
afterAll(async () => {
  await listener?.close();
  await server?.closeAll();
});

/** Each verb, the kind its history row must carry, and the versions it must bump. */
const VERBS: { kind: string; bumps: ('metadata' | 'security')[]; doc: string; vars?: () => Record<string, unknown> }[] = [
  { kind: 'object', bumps: ['metadata'], doc: `mutation { createField(object: "deal", input: {name: "stage", type: TEXT}) { name } }` },
  { kind: 'script', bumps: ['metadata'], doc: `mutation { saveScript(input: {name: "noop", source: "export const triggers = {};"}) { active } }` },
  { kind: 'role', bumps: ['security'], doc: `mutation { createRole(input: {name: "sales"}) { id } }` },
  { kind: 'permissionSet', bumps: ['security'], doc: `mutation { createPermissionSet(input: {name: "readers", objectPermissions: [{object: "deal", read: true}]}) { id } }` },
  { kind: 'group', bumps: ['security'], doc: `mutation { createGroup(input: {name: "north", members: [{role: "sales"}]}) { id } }` },
  { kind: 'sharingRule', bumps: ['security'], doc: `mutation { createSharingRule(input: {name: "bigDeals", object: "deal", filter: {amount: {gt: 10}}, shareWith: {group: "north"}, access: READ}) { id } }` },
  { kind: 'listView', bumps: [], doc: `mutation { saveListView(input: {object: "deal", name: "All deals", shared: true, columns: ["title"]}) { id } }` },
  { kind: 'dashboard', bumps: [], doc: `mutation { saveDashboard(input: {name: "Pipeline", blocks: [{id: "a", type: "chart", object: "deal", measure: {fn: "count"}, chart: "bar"}]}) { id } }` },
  { kind: 'user', bumps: ['security'], doc: `mutation($u: ID!) { updateUser(id: $u, input: {name: "Rep Two"}) { id } }`, vars: () => ({ u: repId }) },
  { kind: 'apiKey', bumps: [], doc: `mutation($u: ID!) { createApiKey(user: $u) { id } }`, vars: () => ({ u: repId }) },
  { kind: 'share', bumps: ['security'], doc: `mutation($id: ID!, $u: ID!) { shareRecord(object: "deal", id: $id, with: {user: $u}, access: READ) }`, vars: () => ({ id: dealId, u: repId }) },
];

describe('runChange: every kind of configuration', () => {
  for (const verb of VERBS) {
    it(`a ${verb.kind} change: one history row, ${verb.bumps.join(' and ') || 'no'} version bumped, announced`, async () => {
      const before = await versions(server, T.id);
      const rows = await historyCount(server, T.id);
      await T.ok(verb.doc, verb.vars?.());
      const after = await versions(server, T.id);
      expect(after).toEqual({ metadata: before.metadata + (verb.bumps.includes('metadata') ? 1 : 0), security: before.security + (verb.bumps.includes('security') ? 1 : 0) });
      expect(await historyCount(server, T.id)).toBe(rows + 1);
      const [entry] = (await server.platform.pool.query('select kind, version, security_version, actor_id, via from tessera.metadata_history where tenant_id = $1 order by seq desc limit 1', [T.id])).rows;
      expect(entry).toMatchObject({ kind: verb.kind, actor_id: T.tenant.admin.id, via: 'api' });
      expect([Number(entry.version), Number(entry.security_version)]).toEqual([after.metadata, after.security]);
      const channels = ['tessera_changes', ...verb.bumps.map((b) => `tessera_${b}`)].sort();
      expect(await listener.take()).toEqual(channels);
    });
  }

  it('a failing change leaves nothing: no row, no version, no announcement, no write', async () => {
    const before = await versions(server, T.id);
    const rows = await historyCount(server, T.id);
    const twice = await T.md(`mutation { createRole(input: {name: "sales"}) { id } }`);
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    const badDoc = await T.md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, {
      d: { objects: [{ name: 'ticket', fields: [{ name: 'title', type: 'text' }] }], roles: [{ name: 'support', objectPermissions: [{ object: 'nothing', read: true }] }] },
    });
    expect(badDoc.errors?.[0].extensions?.code).toBeDefined();
    await expect(server.platform.changes.run({ tenantId: T.id, actor: { userId: null, via: 'system' }, kind: 'group', action: 'createGroup', target: 'doomed' }, async (tx) => {
      await tx.sql.query(`insert into tessera.groups (id, tenant_id, name) values (tessera.new_id(), $1, 'doomed')`, [T.id]);
      tx.record({ kind: 'group', action: 'createGroup', target: 'doomed', before: null, after: { name: 'doomed' } });
      throw new PlatformError('CONFLICT', 'changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await versions(server, T.id)).toEqual(before);
    expect(await historyCount(server, T.id)).toBe(rows);
    expect(await listener.take()).toEqual([]);
    expect((await server.platform.pool.query(`select count(*)::int n from tessera.groups where tenant_id = $1 and name = 'doomed'`, [T.id])).rows[0].n).toBe(0);
    expect((await T.ok('{ objects { name } }')).objects.map((o: { name: string }) => o.name)).toEqual(['deal']);
  });

  it('a dry run and a change that finds nothing to do leave nothing either', async () => {
    const doc = { objects: [{ name: 'deal', sharing: 'PRIVATE', fields: [{ name: 'title', type: 'text' }, { name: 'amount', type: 'number' }, { name: 'stage', type: 'text' }] }] };
    const before = await versions(server, T.id);
    const rows = await historyCount(server, T.id);
    const same = (await T.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied changes { action } } }`, { d: doc })).applyMetadata;
    expect(same).toEqual({ applied: false, changes: [] });
    const dry = (await T.ok(`mutation($d: JSON!) { applyMetadata(document: $d, dryRun: true) { dryRun version changes { action } } }`, { d: { objects: [{ ...doc.objects[0], fields: [...doc.objects[0].fields, { name: 'extra', type: 'text' }] }] } })).applyMetadata;
    expect(dry).toEqual({ dryRun: true, version: before.metadata + 1, changes: [{ action: 'createField' }] });
    expect(await versions(server, T.id)).toEqual(before);
    expect(await historyCount(server, T.id)).toBe(rows);
    expect(await listener.take()).toEqual([]);
  });

  it('secrets never reach the history, whatever a kind hands over', async () => {
    await T.ok(`mutation($u: ID!) { updateUser(id: $u, input: {password: "a new secret 123"}) { id } }`, { u: repId });
    const { rows } = await server.platform.pool.query('select before, after from tessera.metadata_history where tenant_id = $1', [T.id]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('a new secret 123');
    expect(text).not.toMatch(/scrypt|secret_hash|password_hash"\s*:\s*"[^[]/);
    const { redact } = await import('../../src/changes/index.ts');
    expect(redact({ name: 'x', password_hash: 'scrypt$…', nested: [{ secretHash: 'abc', keep: 1 }] })).toEqual({ name: 'x', password_hash: '[redacted]', nested: [{ secretHash: '[redacted]', keep: 1 }] });
  });
});
