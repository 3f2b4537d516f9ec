import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTemplateReleases, listTemplates, readTemplatePackage, readTemplateRelease } from '../../../templates/index.js';
import type { RunningServer } from '../../src/server/start.ts';
import { ok, refused } from '../support/server.ts';
import { adminTenant, install, installed, startPackagesServer, upgrade, type Md } from './install-support.ts';

/**
 * Every bundled template upgrades from every release kept in its releases/ folder to the version it
 * ships, with a subscriber's customizations of one of its objects intact: a field they added, the
 * form layout and the label they changed (issue 17, "Done when"). Generic over listTemplates(): the
 * templates' current versions change as they are worked on.
 */
let server: RunningServer;
beforeAll(async () => { server = await startPackagesServer(); });
afterAll(async () => { await server?.close(); });

type Obj = Record<string, any>;
// A release at the shipped version (copied before a change that is not made yet) has nothing to upgrade.
const CASES = listTemplates().flatMap((t) => listTemplateReleases(t.name).filter((r) => r.version !== t.version).map((r) => ({ name: t.name, from: r.version, to: t.version })));

async function liveObject(md: Md, name: string): Promise<Obj> {
  const doc = ok(await md('query($k: [String!]) { document(kinds: $k) }', { k: ['objects'] })).document;
  return doc.objects.find((o: Obj) => o.name === name);
}

/** The subscriber's option label: on the first option of the object's first select field, if it has one. */
const OPTION_LABEL = { en: 'Our option', 'zh-CN': '我们的选项' };

/** The subscriber's customizations: a field of their own, a label, a form layout that puts their field first, an option relabelled. */
async function customize(md: Md, object: string): Promise<{ label: Obj; layout: Obj; option?: { field: string; value: string } }> {
  const live = await liveObject(md, object);
  const label = { en: `Our ${object}`, 'zh-CN': `我们的${object}` };
  const first = live.fields[0].name;
  const layout = { sections: [{ label: { en: 'Ours', 'zh-CN': '我们的' }, columns: 1, fields: [{ field: 'subNote' }, { field: first }] }] };
  const select = live.fields.find((f: Obj) => f.type === 'select' && f.options?.length);
  const option = select ? { field: select.name, value: select.options[0].value } : undefined;
  const fields = [
    ...live.fields.map((f: Obj) => (f.type === 'masterDetail' ? (({ onDelete: _o, ...g }) => g)(f) : f))
      .map((f: Obj) => (f === select ? { ...f, options: f.options.map((o: Obj, i: number) => (i === 0 ? { ...o, label: OPTION_LABEL } : o)) } : f)),
    { name: 'subNote', type: 'text', label: { en: 'Our note', 'zh-CN': '我们的备注' } },
  ];
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ ...live, label, layout, fields }] } }));
  return { label, layout, option };
}

describe('upgrading the bundled templates over a subscriber\'s customizations', () => {
  it('has releases to upgrade from', () => {
    expect(CASES.length).toBeGreaterThan(0);
  });

  for (const c of CASES) {
    it(`${c.name} ${c.from} → ${c.to}: the added field, the layout and the label survive; the package's changes apply`, async () => {
      const { md } = await adminTenant(server, 'upg');
      ok(await install(md, c.name, { version: c.from }));
      expect((await installed(md)).find((p) => p.name === c.name).version).toBe(c.from);
      // Installing it again: nothing to do; asking for the newer version: an upgrade, not an install.
      expect(ok(await install(md, c.name)).installPackage).toMatchObject({ version: c.from, changes: [], applied: false });
      const asInstall = refused(await install(md, c.name, { version: c.to }));
      expect(asInstall.extensions.code).toBe('CONFLICT');
      expect(asInstall.message).toMatch(/upgrade it/);
      // An object with a select field when the release has one (its option labels are the subscriber's too).
      const objects = readTemplateRelease(c.name, c.from).objects as Obj[];
      const object = (objects.find((o) => (o.fields ?? []).some((f: Obj) => f.type === 'select' && f.options?.length)) ?? objects[0]).name;
      const mine = await customize(md, object);

      /** Pointers, with any under the layout as `/layout` (a template's own layout is compared section by section). */
      const pointers = (list: Obj[]) => [...new Set(list.filter((o) => o.name === object).map((o) => (o.pointer.startsWith('/layout') ? '/layout' : o.pointer)))];
      const overrides = (await installed(md)).find((p) => p.name === c.name).overrides;
      expect(pointers(overrides)).toEqual(expect.arrayContaining(['/label/en', '/label/zh-CN', '/layout', '/fields/subNote']));
      if (mine.option) expect(pointers(overrides)).toContain(`/fields/${mine.option.field}/options/${mine.option.value}/label/en`);

      const dry = ok(await upgrade(md, c.name, c.to, { dryRun: true, allowDestructive: true })).upgradePackage;
      expect(dry).toMatchObject({ from: c.from, version: c.to, dryRun: true, applied: false, conflicts: [] });
      expect(pointers(dry.kept)).toEqual(expect.arrayContaining(['/label/en', '/layout', '/fields/subNote']));
      const started = performance.now();
      const done = ok(await upgrade(md, c.name, c.to, { allowDestructive: true })).upgradePackage;
      console.log(`${c.name} ${c.from} → ${c.to}: ${done.changes.length} changes, ${done.kept.length} overrides kept, ${Math.round(performance.now() - started)} ms`);
      expect(done.applied).toBe(true);

      const after = await liveObject(md, object);
      expect(after.label).toEqual(mine.label);
      expect(after.layout).toEqual(mine.layout);
      expect(after.fields.map((f: Obj) => f.name)).toContain('subNote');
      if (mine.option) {
        const options = after.fields.find((f: Obj) => f.name === mine.option!.field)?.options ?? [];
        // Unless the package removed that option (or the field), the subscriber's label stays.
        const still = options.find((o: Obj) => o.value === mine.option!.value);
        if (still) expect(still.label).toEqual(OPTION_LABEL);
      }
      // The package's side: every object and field of the new version is live.
      const current = readTemplatePackage(c.name).objects as Obj[];
      const doc = ok(await md('query($k: [String!]) { document(kinds: $k) }', { k: ['objects'] })).document;
      for (const o of current) {
        const live = doc.objects.find((x: Obj) => x.name === o.name);
        expect(live, `${c.name} ${o.name}`).toBeDefined();
        for (const f of o.fields ?? []) expect(live.fields.map((x: Obj) => x.name), `${o.name}.${f.name}`).toContain(f.name);
      }
      const list = await installed(md);
      expect(list.find((p) => p.name === c.name).version).toBe(c.to);
      expect(pointers(list.find((p) => p.name === c.name).overrides)).toEqual(expect.arrayContaining(['/label/en', '/layout', '/fields/subNote']));
      // Upgrading again: nothing to do.
      expect(ok(await upgrade(md, c.name, c.to)).upgradePackage.changes).toEqual([]);
    });
  }
});
