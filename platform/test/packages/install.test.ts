import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTemplates, readTemplatePackage } from '../../../templates/index.js';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, newTenant, ok, refused, startTestServer } from '../support/server.ts';
import { adminTenant, install, installed, pulled, startPackagesServer, uninstall } from './install-support.ts';

/**
 * Installing bundled templates into a tenant (issue 17, lifecycle): dependencies first, ownership
 * recorded, a second install finds nothing to do, a dry run changes nothing, a tenant with crm-core
 * applied by hand gets conflicts (listed in a dry run, CONFLICT otherwise), and only an administrator may.
 */
let server: RunningServer;

beforeAll(async () => { server = await startPackagesServer(); });
afterAll(async () => { await server?.close(); });

describe('installing each bundled template into an empty tenant', () => {
  for (const template of listTemplates()) {
    it(`${template.name} installs (with what it requires) in under 10 s`, async () => {
      const { md } = await adminTenant(server, 'time');
      const started = performance.now();
      const plan = ok(await install(md, template.name)).installPackage;
      const ms = Math.round(performance.now() - started);
      console.log(`install ${template.name}@${template.version} (${plan.install.map((p: any) => p.name).join(' + ')}): ${plan.changes.length} changes in ${ms} ms`);
      expect(plan.applied).toBe(true);
      expect(plan.install.at(-1)).toEqual({ name: template.name, version: template.version });
      expect(ms).toBeLessThan(10_000);
      const list = await installed(md);
      expect(list.map((p) => p.name)).toEqual([...template.requires, template.name]);
      // Every item of every kind the template ships is owned by it.
      const owned = new Set(list.at(-1).components.map((c: any) => c.name));
      for (const [key, items] of Object.entries(readTemplatePackage(template.name))) {
        const kind = server.platform.kinds.byDocumentKey(key)!;
        for (const item of items) expect(owned.has(kind.keyOf(item)), `${key} ${kind.keyOf(item)}`).toBe(true);
      }
    });
  }
});

describe('installPackage (bundled templates)', () => {
  it('installs an industry template with crm-core first, records every component as owned, and lists them in `packages`', async () => {
    const { md } = await adminTenant(server);
    const plan = ok(await install(md, 'k12-tutoring')).installPackage;
    expect(plan.install.map((p: { name: string }) => p.name)).toEqual(['crm-core', 'k12-tutoring']);
    expect(plan.applied).toBe(true);
    expect(plan.conflicts).toEqual([]);
    expect(plan.changes.filter((c: any) => c.kind === 'object' && c.action === 'create').map((c: any) => c.name)).toEqual(expect.arrayContaining(['lead', 'student', 'parent']));
    const list = await installed(md);
    expect(list.map((p) => [p.name, p.source])).toEqual([['crm-core', 'BUNDLED'], ['k12-tutoring', 'BUNDLED']]);
    const k12 = list.find((p) => p.name === 'k12-tutoring');
    const objects = (readTemplatePackage('k12-tutoring').objects as { name: string }[]).map((o) => o.name);
    expect(k12.components.filter((c: any) => c.kind === 'object').map((c: any) => c.name).sort()).toEqual([...objects].sort());
    expect(k12.dependencies).toEqual({ 'crm-core': expect.stringMatching(/^\^/) });
    for (const p of list) expect(p.overrides, `${p.name} right after install`).toEqual([]);
    const core = list.find((p) => p.name === 'crm-core');
    expect(core.components.map((c: any) => c.kind)).toEqual(expect.arrayContaining(['object', 'pool', 'workflow']));
  });

  it('two installs at once: one is made, the other is refused (the installed packages changed under it), nothing half-made', async () => {
    const { md } = await adminTenant(server);
    const both = await Promise.all([install(md, 'crm-core'), install(md, 'crm-core')]);
    const done = both.filter((r) => !r.errors);
    const refusals = both.filter((r) => r.errors).map((r) => refused(r));
    expect(done).toHaveLength(1);
    expect(refusals).toHaveLength(1);
    expect(refusals[0].extensions.code).toBe('CONFLICT');
    expect(refusals[0].message).toMatch(/changed while this was being planned/);
    expect((await installed(md)).map((p) => p.name)).toEqual(['crm-core']);
    // The history names the install beside the components it made (administrators read it).
    const history = ok(await md('{ metadataHistory(first: 200, filter: {kinds: ["package"]}) { nodes { kind action target } } }')).metadataHistory.nodes;
    expect(history).toEqual([{ kind: 'package', action: 'installPackage', target: 'crm-core' }]);
  });

  it('installing again finds nothing to do; a dry run changes nothing', async () => {
    const { md } = await adminTenant(server);
    const before = await pulled(md);
    const dry = ok(await install(md, 'crm-core', { dryRun: true })).installPackage;
    expect(dry.dryRun).toBe(true);
    expect(dry.applied).toBe(false);
    expect(dry.changes.length).toBeGreaterThan(19);
    expect(await pulled(md)).toEqual(before);
    expect(await installed(md)).toEqual([]);
    ok(await install(md, 'crm-core'));
    const again = ok(await install(md, 'crm-core')).installPackage;
    expect(again.changes).toEqual([]);
    expect(again.applied).toBe(false);
  });

  it('a tenant with crm-core applied by hand: conflicts listed in a dry run, CONFLICT without, nothing changed', async () => {
    const { md } = await adminTenant(server);
    ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: readTemplatePackage('crm-core').objects } }));
    const before = await pulled(md);
    const dry = ok(await install(md, 'crm-core', { dryRun: true })).installPackage;
    expect(dry.conflicts.map((c: any) => c.name)).toEqual(expect.arrayContaining(['lead', 'account']));
    expect(dry.conflicts[0]).toMatchObject({ kind: 'object', pointer: expect.stringMatching(/^\/components\/objects\/\d+$/), message: expect.stringMatching(/belongs to no package/) });
    const refusal = refused(await install(md, 'crm-core'));
    expect(refusal.extensions.code).toBe('CONFLICT');
    expect(refusal.extensions.conflicts.length).toBe(dry.conflicts.length);
    expect(await pulled(md)).toEqual(before);
    expect(await installed(md)).toEqual([]);
  });

  it('the marketplace lists the bundled templates (source BUNDLED) before the registry\'s packages, and finds them by zh-CN label', async () => {
    const { md } = await adminTenant(server);
    const all = ok(await md('{ marketplace { name source publisher latestVersion versions publishedAt } }')).marketplace;
    const bundled = all.filter((p: any) => p.source === 'BUNDLED');
    expect(bundled.map((p: any) => p.name)).toEqual(['crm-core', ...['fmcg-channel-distribution', 'k12-tutoring', 'manufacturing-project-sales'].filter((n) => bundled.some((p: any) => p.name === n))]);
    expect(bundled).toHaveLength(4);
    expect(all.slice(0, 4)).toEqual(bundled);
    const core = bundled[0];
    expect(core.publishedAt).toBeNull();
    expect(core.versions).toContain('1.1.0');
    expect(core.versions[0]).toBe(core.latestVersion);
    expect(ok(await md('{ marketplace(search: "一对一") { name source } }')).marketplace).toEqual([{ name: 'k12-tutoring', source: 'BUNDLED' }]);
    // sampleData follows each template.json's `sampleData` file.
    const flags = ok(await md('{ marketplace { name sampleData } }')).marketplace.filter((p: any) => bundled.some((b: any) => b.name === p.name));
    expect(flags).toEqual(listTemplates().map((t) => ({ name: t.name, sampleData: t.sampleData !== undefined })));
    expect(flags.filter((p: any) => p.sampleData).length).toBeGreaterThan(0);
  });

  it('installs every industry template into one tenant, uninstalls each, then crm-core: objects deleted recoverably, every other component removed', async () => {
    const { md } = await adminTenant(server);
    const industries = listTemplates().filter((t) => t.requires.length).map((t) => t.name);
    for (const name of industries) ok(await install(md, name));
    expect((await installed(md)).map((p) => p.name)).toEqual(['crm-core', ...industries]);
    for (const name of industries) {
      const plan = ok(await uninstall(md, name)).uninstallPackage;
      expect(plan.changes.every((c: any) => c.action === 'delete'), name).toBe(true);
    }
    const core = ok(await uninstall(md, 'crm-core')).uninstallPackage;
    expect(core.changes.map((c: any) => `${c.action} ${c.kind}`)).toEqual(expect.arrayContaining(['delete object', 'delete pool', 'delete workflow']));
    expect(await installed(md)).toEqual([]);
    const doc = await pulled(md) as Record<string, unknown[]>;
    for (const [key, items] of Object.entries(doc)) expect(items, key).toEqual([]);
    // Installing again after an uninstall: the deleted objects are not in the way.
    ok(await install(md, 'crm-core'));
  });

  it('refuses unknown packages and versions (NOT_FOUND), and uninstalling crm-core while k12 depends on it (CONFLICT)', async () => {
    const { md } = await adminTenant(server);
    expect(refused(await install(md, 'no-such-package')).extensions.code).toBe('NOT_FOUND');
    expect(refused(await install(md, 'crm-core', { version: '9.9.9' })).extensions.code).toBe('NOT_FOUND');
    expect(refused(await install(md, 'crm-core', { version: 'not a range!' })).extensions.code).toBe('BAD_USER_INPUT');
    ok(await install(md, 'k12-tutoring'));
    const blocked = refused(await uninstall(md, 'crm-core'));
    expect(blocked.extensions.code).toBe('CONFLICT');
    expect(blocked.message).toMatch(/k12-tutoring/);
  });
});

describe('a server without the plugins a template needs', () => {
  it('refuses to install it, naming the plugins and kinds missing, before anything changes', async () => {
    const plain = await startTestServer();
    try {
      const md = metadataClient(plain, (await newTenant(plain, 'noplug')).apiKey);
      const res = refused(await install(md, 'crm-core'));
      expect(res.extensions.code).toBe('VALIDATION_FAILED');
      expect(res.message).toMatch(/needs the plugin pools.*which this server does not have/);
      expect(res.extensions.errors).toEqual(expect.arrayContaining([{ pointer: '/plugins/workflows', message: 'plugin not installed' }, { pointer: '/components/pools', message: expect.any(String) }]));
      expect(ok(await md('{ packages { name } objects { name } }'))).toEqual({ packages: [], objects: [] });
    } finally {
      await plain.close();
    }
  });
});
