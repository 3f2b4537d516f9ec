import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePublisherKey, registerPublisher, signPackage, type PackageManifest } from '../../src/packages/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, ok, refused } from '../support/server.ts';
import { adminTenant, install, installed, pulled, startPackagesServer, uninstall, upgrade, type Md } from './install-support.ts';

/**
 * An ISV's packages through their whole life in a tenant (issue 17): published and signed, installed
 * with their dependency first, extended by another package, customized by the subscriber, upgraded
 * (a removed field refused without consent, a data migration run), uninstalled in dependency order
 * with the data kept and restorable; a package changed after signing is refused, and only an
 * administrator may do any of it.
 */
let server: RunningServer;
let md: Md;
let api: (q: string, v?: Record<string, unknown>) => Promise<any>;
let key: string;
const ns = `l${randomBytes(4).toString('hex')}`;
const hw = `h${ns.slice(1)}`;
const LESSONS = `${ns}-lessons`;
const HOMEWORK = `${hw}-homework`;
const lesson = `${ns}__lesson`;
const Lesson = `${ns[0].toUpperCase()}${ns.slice(1)}__lesson`;

function lessons(version: string, change: Partial<PackageManifest> = {}): PackageManifest {
  return {
    namespace: ns, name: LESSONS, version,
    label: { en: 'Lessons', 'zh-CN': '课程' }, description: { en: 'Lessons and rooms.', 'zh-CN': '课程与教室。' },
    dependencies: {}, rights: ['manageMetadata'],
    components: {
      objects: [
        { name: lesson, label: { en: 'Lesson', 'zh-CN': '课程' }, fields: [
          { name: 'title', type: 'text', required: true, label: { en: 'Title', 'zh-CN': '标题' } },
          { name: 'room', type: 'lookup', target: `${ns}__room`, relationName: 'lessons' },
        ] },
        { name: `${ns}__room`, fields: [{ name: 'code', type: 'text' }] },
      ],
      validationRules: [{ name: `${ns}__titled`, object: lesson, assert: 'NOT(ISBLANK(title))', message: { en: 'A lesson needs a title' } }],
    },
    ...change,
  };
}

/** 1.1.0: the title relabelled, the room lookup removed, minutes added and filled in by a data migration. */
const lessons110 = () => {
  const m = lessons('1.1.0');
  m.components.objects[0].fields = [
    { name: 'title', type: 'text', required: true, label: { en: 'Lesson title', 'zh-CN': '课程标题' } },
    { name: 'minutes', type: 'number' },
  ];
  m.migrations = [{ from: '<1.1.0', steps: [{ update: lesson, set: { minutes: '45' }, where: 'ISBLANK(minutes)' }] }];
  return m;
};

const homework = (): PackageManifest => ({
  namespace: hw, name: HOMEWORK, version: '1.0.0', label: { en: 'Homework', 'zh-CN': '作业' },
  dependencies: { [LESSONS]: '^1.0.0' }, rights: [],
  components: { objects: [{ name: lesson, fields: [{ name: `${hw}__due`, type: 'date' }] }, { name: `${hw}__assignment`, fields: [{ name: 'title', type: 'text' }] }] },
});

async function publish(manifest: PackageManifest): Promise<void> {
  ok(await md('mutation($p: JSON!) { publishPackage(package: $p) { name } }', { p: signPackage({ manifest }, key) }));
}

async function lessonObject(): Promise<any> {
  return (ok(await md('{ document(kinds: ["objects"]) }')).document.objects as any[]).find((o) => o.name === lesson);
}

beforeAll(async () => {
  server = await startPackagesServer();
  const t = await adminTenant(server, 'isv');
  md = t.md;
  api = (q, v) => gql(server, '/graphql', t.apiKey, q, v);
  const pair = generatePublisherKey();
  key = pair.privateKeyPem;
  await registerPublisher(server.platform.sql, { name: `pub-${ns}`, publicKey: pair.publicKey });
  await publish(lessons('1.0.0'));
  await publish(homework());
  await publish(lessons110());
});
afterAll(async () => { await server?.close(); });

describe('installPackage with sampleData', () => {
  it('loads the package\'s sample data after the install (through installSampleData); a package without any is refused before anything is installed', async () => {
    const sns = `s${ns.slice(1)}`;
    const manifest: PackageManifest = { namespace: sns, name: `${sns}-sample`, version: '1.0.0', label: { en: 'Sample', 'zh-CN': '样例' }, components: { objects: [{ name: `${sns}__kit`, fields: [{ name: 'title', type: 'text' }] }] } };
    const sample = JSON.stringify({ [`${sns}__kit`]: [{ title: '工具箱' }, { title: 'Ladder' }] });
    ok(await md('mutation($p: JSON!) { publishPackage(package: $p) { name } }', { p: signPackage({ manifest, files: { 'sample-data.json': sample } }, key) }));
    // The marketplace says which ship sample data (the gallery offers "Add sample data" by it).
    const listed = ok(await md('query($s: String) { marketplace(search: $s) { name sampleData } }', { s: ns.slice(1) })).marketplace as { name: string; sampleData: boolean }[];
    expect(listed.find((p) => p.name === `${sns}-sample`)?.sampleData).toBe(true);
    expect(listed.find((p) => p.name === LESSONS)?.sampleData).toBe(false);
    const t = await adminTenant(server, 'sample');
    const none = refused(await t.md(`mutation { installPackage(name: "${LESSONS}", sampleData: true) { name } }`));
    expect(none.extensions.code).toBe('NOT_FOUND');
    expect(await installed(t.md)).toEqual([]);
    const plan = ok(await t.md(`mutation { installPackage(name: "${sns}-sample", sampleData: true) { applied sampleRecords } }`)).installPackage;
    expect(plan).toEqual({ applied: true, sampleRecords: 2 });
    const rows = ok(await gql(server, '/graphql', t.apiKey, `{ ${sns}__kits(orderBy: {title: ASC}) { nodes { title } } }`))[`${sns}__kits`].nodes;
    expect(rows.map((r: { title: string }) => r.title).sort()).toEqual(['Ladder', '工具箱'].sort());
  });
});

describe('an ISV package in a tenant, start to end', () => {
  it('a dry run plans the dependency first and the rights asked for, and changes nothing', async () => {
    const before = await pulled(md);
    const plan = ok(await install(md, HOMEWORK, { dryRun: true })).installPackage;
    expect(plan.install).toEqual([{ name: LESSONS, version: '1.1.0' }, { name: HOMEWORK, version: '1.0.0' }]);
    expect(plan.rights).toEqual(['manageMetadata']);
    expect(plan.changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'object', action: 'create', name: lesson, package: LESSONS }),
      expect.objectContaining({ kind: 'field', action: 'create', name: `${lesson}.${hw}__due`, package: HOMEWORK }),
    ]));
    expect(await pulled(md)).toEqual(before);
    expect(await installed(md)).toEqual([]);
  });

  it('only an administrator installs, upgrades or uninstalls', async () => {
    const user = ok(await md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `meta-${ns}@isv.test`, name: 'Meta', password: 'a long password 1' } })).createUser.id;
    ok(await md(`mutation($u: ID!) { createPermissionSet(input: {name: "meta${ns}", capabilities: [manageMetadata]}) { id } assignPermissionSet(user: $u, permissionSet: "meta${ns}") { id } }`, { u: user }));
    const other = (await import('../support/server.ts')).metadataClient(server, ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).createApiKey.key);
    for (const res of [await install(other, LESSONS, { version: '1.0.0' }), await upgrade(other, LESSONS, '1.1.0'), await uninstall(other, LESSONS), await other('{ packages { name } }')]) {
      expect(refused(res).extensions.code).toBe('FORBIDDEN');
    }
  });

  it('installs lessons 1.0.0, then homework extending its lesson object; each component owned by one package', async () => {
    const plan = ok(await install(md, LESSONS, { version: '^1.0.0 <1.1.0' })).installPackage;
    expect(plan.install).toEqual([{ name: LESSONS, version: '1.0.0' }]);
    ok(await install(md, HOMEWORK));
    const list = await installed(md);
    expect(list.map((p) => [p.name, p.version, p.source, p.latest])).toEqual([[LESSONS, '1.0.0', 'REGISTRY', '1.1.0'], [HOMEWORK, '1.0.0', 'REGISTRY', '1.0.0']]);
    expect(list[0].rights).toEqual(['manageMetadata']);
    expect(list[0].components).toEqual(expect.arrayContaining([{ kind: 'object', name: lesson }, { kind: 'validationRule', name: `${ns}__titled` }]));
    expect(list[1].components).toEqual(expect.arrayContaining([{ kind: 'field', name: `${lesson}.${hw}__due` }, { kind: 'object', name: `${hw}__assignment` }]));
    expect(list.flatMap((p) => p.overrides)).toEqual([]);
    expect((await lessonObject()).fields.map((f: any) => f.name)).toEqual(['title', 'room', `${hw}__due`]);
  });

  it('the subscriber adds a field and relabels the lesson: listed as overrides', async () => {
    ok(await api(`mutation { create${Lesson}(data: {title: "Algebra"}) { id } }`));
    const live = await lessonObject();
    ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ ...live, label: { en: 'Class', 'zh-CN': '班课' }, fields: [...live.fields, { name: 'note', type: 'text' }] }] } }));
    const overrides = (await installed(md))[0].overrides.map((o: any) => o.pointer);
    expect(overrides).toEqual(expect.arrayContaining(['/label/en', '/label/zh-CN', '/fields/note']));
    // Homework's field on the lesson is its own component, not the subscriber's override.
    expect(overrides).not.toContain(`/fields/${hw}__due`);
  });

  it('uninstalling lessons while homework depends on it is refused', async () => {
    const res = refused(await uninstall(md, LESSONS));
    expect(res.extensions.code).toBe('CONFLICT');
    expect(res.extensions.dependants).toEqual([{ kind: 'package', name: HOMEWORK }]);
  });

  it('upgrades to 1.1.0: the removed field needs consent; then the subscriber\'s field and label and homework\'s field survive, and the data migration runs', async () => {
    const dry = ok(await upgrade(md, LESSONS, '1.1.0', { dryRun: true })).upgradePackage;
    expect(dry.changes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'field', action: 'delete', name: `${lesson}.room`, destructive: true })]));
    expect(dry.kept.map((k: any) => k.pointer)).toEqual(expect.arrayContaining(['/label/en', '/fields/note']));
    const refusal = refused(await upgrade(md, LESSONS, '1.1.0'));
    expect(refusal.extensions.code).toBe('CONFLICT');
    expect(refusal.extensions.destructive.map((c: any) => c.name)).toEqual([`${lesson}.room`]);
    expect((await installed(md))[0].version).toBe('1.0.0');

    const done = ok(await upgrade(md, LESSONS, '1.1.0', { allowDestructive: true })).upgradePackage;
    expect(done).toMatchObject({ from: '1.0.0', version: '1.1.0', applied: true, migrations: [{ object: lesson, updated: 1 }] });
    const live = await lessonObject();
    expect(live.label).toEqual({ en: 'Class', 'zh-CN': '班课' });
    expect(live.fields.map((f: any) => f.name).sort()).toEqual(['minutes', 'note', 'title', `${hw}__due`].sort());
    expect(live.fields.find((f: any) => f.name === 'title').label).toEqual({ en: 'Lesson title', 'zh-CN': '课程标题' });
    const rows = ok(await api(`{ ${ns}__lessons { nodes { title minutes } } }`))[`${ns}__lessons`].nodes;
    expect(rows).toEqual([{ title: 'Algebra', minutes: 45 }]);
    expect((await installed(md))[0]).toMatchObject({ version: '1.1.0', latest: '1.1.0' });
  });

  it('an upgrade outside the range an installed package depends on is refused, naming it', async () => {
    await publish(lessons('2.0.0'));
    const res = refused(await upgrade(md, LESSONS, '2.0.0', { allowDestructive: true }));
    expect(res.extensions.code).toBe('CONFLICT');
    expect(res.extensions.dependants).toEqual([{ kind: 'package', name: HOMEWORK }]);
    expect(res.message).toContain(`${HOMEWORK} needs ${LESSONS} ^1.0.0`);
  });

  it('a package changed in the registry after signing is refused at install', async () => {
    await publish(lessons('1.2.0'));
    await server.platform.pool.query(`update tessera.package_versions set package = jsonb_set(package, '{manifest,label,en}', '"Lessons (patched)"') where name = $1 and version = '1.2.0'`, [LESSONS]);
    const res = refused(await upgrade(md, LESSONS, '1.2.0', { allowDestructive: true }));
    expect(res.extensions.code).toBe('VALIDATION_FAILED');
    expect(res.extensions.errors).toEqual([{ pointer: '/signature/value', message: expect.any(String) }]);
    expect((await installed(md))[0].version).toBe('1.1.0');
  });

  it('uninstalls homework then lessons: components removed, records kept and restorable', async () => {
    const plan = ok(await uninstall(md, HOMEWORK)).uninstallPackage;
    expect(plan.changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'field', action: 'delete', name: `${lesson}.${hw}__due` }),
      expect.objectContaining({ kind: 'object', action: 'delete', name: `${hw}__assignment` }),
    ]));
    expect((await lessonObject()).fields.map((f: any) => f.name)).not.toContain(`${hw}__due`);
    ok(await uninstall(md, LESSONS));
    expect(await installed(md)).toEqual([]);
    expect(await lessonObject()).toBeUndefined();
    ok(await md(`mutation { restoreObject(name: "${lesson}") { name } }`));
    // The data API has the restored object at once (restoreObject left it out of the change's catalog before).
    expect(ok(await api(`{ ${ns}__lessons { nodes { title minutes } } }`))[`${ns}__lessons`].nodes).toEqual([{ title: 'Algebra', minutes: 45 }]);
  });
});

// After the lifecycle above: it publishes a newer 1.x, which the dependency ranges there would pick.
describe('an upgrade bringing a component that exists unowned', () => {
  it('lists it as a conflict in a dry run and refuses it otherwise (CONFLICT), merging nothing', async () => {
    const t = await adminTenant(server, 'upc');
    ok(await install(t.md, LESSONS, { version: '1.0.0' }));
    const extra = { name: `${ns}__extra`, fields: [{ name: 'mine', type: 'text' }] };
    ok(await t.md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [extra] } }));
    const m = lessons('1.4.0');
    m.components.objects.push({ name: `${ns}__extra`, fields: [{ name: 'theirs', type: 'number' }] });
    await publish(m);
    const dry = ok(await upgrade(t.md, LESSONS, '1.4.0', { dryRun: true })).upgradePackage;
    expect(dry.conflicts).toEqual([{ kind: 'object', name: `${ns}__extra`, pointer: '/components/objects/2', message: expect.stringMatching(/belongs to no package/), package: LESSONS }]);
    const res = refused(await upgrade(t.md, LESSONS, '1.4.0'));
    expect(res.extensions.code).toBe('CONFLICT');
    expect(res.extensions.conflicts).toHaveLength(1);
    const live = (ok(await t.md('{ document(kinds: ["objects"]) }')).document.objects as any[]).find((o) => o.name === `${ns}__extra`);
    expect(live.fields.map((f: any) => f.name)).toEqual(['mine']);
    expect((await installed(t.md))[0].version).toBe('1.0.0');
  });
});

describe('a dependency installed outside the range a package asks for', () => {
  it('is a CONFLICT naming both, and nothing is installed', async () => {
    const t = await adminTenant(server, 'range');
    ok(await install(t.md, LESSONS, { version: '2.0.0' }));
    const res = refused(await install(t.md, HOMEWORK));
    expect(res.extensions.code).toBe('CONFLICT');
    expect(res.message).toContain(`needs ${LESSONS} ^1.0.0, but ${LESSONS}@2.0.0 is installed`);
    expect((await installed(t.md)).map((p) => p.name)).toEqual([LESSONS]);
  });
});
