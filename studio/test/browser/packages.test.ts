import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, newTenant } from '../../../platform/test/support/server.ts';
import type { CreatedTenant } from '../../../platform/src/tenancy/index.ts';
import { generatePublisherKey, registerPublisher, signPackage, type PackageManifest } from '../../../platform/src/packages/index.ts';
import { selectOption, settled } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * The template and app gallery (Setup → 应用与模板) against the real lifecycle verbs: in zh-CN an
 * admin searches the gallery, installs K12 1-on-1 tutoring (the plan installs crm-core first), finds
 * its objects in the navigation and walks a student through the K12 funnel to 已付费 in the record
 * pages; a package whose component exists unowned shows the conflicts and installs nothing; an older
 * crm-core upgrades with the diff shown and the subscriber's change kept; uninstall says what goes and
 * is refused while another package depends on it.
 */
let studio: StudioHarness;
const RUNTIME = path.resolve(import.meta.dirname, '../../../runtime/src');
const TEMPLATES = path.resolve(import.meta.dirname, '../../../templates');
/** The runtime plugins whose kinds the bundled templates' documents use (their template.json `plugins`), in an order that satisfies their own needs. */
const ORDER = ['workflows', 'approvals', 'conversions', 'scoring', 'pools', 'assignment', 'reactivation', 'webhooks', 'webforms'];
const PLUGINS = ((): string[] => {
  const used = new Set(readdirSync(TEMPLATES).flatMap((dir) => {
    const manifest = path.join(TEMPLATES, dir, 'template.json');
    return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).plugins ?? []) as string[] : [];
  }));
  const unknown = [...used].filter((p) => !ORDER.includes(p));
  if (unknown.length) throw new Error(`packages test: no install order for the plugins ${unknown.join(', ')}`);
  return ORDER.filter((p) => used.has(p));
})();
/** crm-core's version, and its earliest release (templates/crm-core/releases/): the upgrade test goes from one to the other. */
const CRM_CORE: string = JSON.parse(readFileSync(path.join(TEMPLATES, 'crm-core/template.json'), 'utf8')).version;
const CRM_CORE_FIRST = readdirSync(path.join(TEMPLATES, 'crm-core/releases')).map((f) => f.replace(/\.json$/, ''))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0]!;
/** Whether the K12 template ships sample data (then the gallery offers it, and the walk uses its course package). */
const K12_SAMPLE = !!JSON.parse(readFileSync(path.join(TEMPLATES, 'k12-tutoring/template.json'), 'utf8')).sampleData;

beforeAll(async () => {
  studio = await startStudio('packages');
  for (const name of PLUGINS) {
    const entry: string = path.join(RUNTIME, name, 'index.ts');
    await studio.server.platform.plugins.install((await import(entry)).createPlugin());
  }
}, 180_000);
afterAll(async () => {
  for (const name of [...PLUGINS].reverse()) await studio?.server.platform.plugins.uninstall(name).catch(() => undefined);
  await studio?.close();
});

/** Signs a tenant's admin in (the harness's own tenant, or another made for one test). */
async function signInTo(page: Page, tenant: CreatedTenant): Promise<void> {
  await page.goto(`/signin?tenant=${tenant.tenant.slug}`);
  await page.getByLabel('Email').fill(tenant.admin.email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor();
}

/** /metadata as a tenant's admin; fails on any error. */
async function metadataOf(tenant: CreatedTenant, query: string, variables?: Record<string, unknown>) {
  const res = await gql(studio.server, '/metadata', tenant.apiKey, query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

const installed = async (tenant: CreatedTenant) => (await metadataOf(tenant, '{ packages { name version } }')).packages as { name: string; version: string }[];

/** Opens `/o/<object>/new` (its heading 新建<label>), fills it, saves, and answers the new record's id. */
async function createThroughForm(page: Page, object: string, label: string, fill: () => Promise<void>): Promise<string> {
  await page.goto(`/o/${object}/new`);
  await page.getByRole('heading', { name: `新建${label}` }).waitFor({ timeout: 30_000 });
  await fill();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForURL(new RegExp(`/o/${object}/[0-9a-f-]{36}$`), { timeout: 30_000 }).catch(async (e) => {
    await studio.screenshot(page, `refused-${object}`);
    throw e;
  });
  return page.url().split('/').pop()!;
}

/** Picks a record in a lookup's search-as-you-type picker: types, then clicks the option named `text`… */
async function pick(page: Page, field: string, text: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: field, exact: true });
  await picker.click();
  await picker.fill(text);
  await page.getByRole('option', { name: new RegExp(`^${text}`) }).first().click();
}

/** The review dialog once its plan is in (its form is named like the dialog). */
async function review(page: Page, title: string | RegExp) {
  const dialog = await settled(page.getByRole('dialog', { name: title }));
  await dialog.getByRole('form').waitFor({ timeout: 60_000 }).catch(async (e) => {
    await studio.screenshot(page, 'no-plan');
    throw e;
  });
  return dialog;
}

/** A dialog's footer buttons (its corner close button is also named Close). */
const footer = (dialog: Locator) => dialog.locator('.ant-modal-footer');

describe('packages gallery', () => {
  it('in zh-CN: searches the gallery, installs K12 with crm-core first, and walks a student to 已付费', async () => {
    const page = await studio.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await studio.signIn(page);
    await page.goto('/?lang=zh-CN');
    await page.getByRole('navigation').getByRole('link', { name: '应用与模板', exact: true }).click();
    await page.getByRole('heading', { name: '应用与模板', level: 1 }).waitFor({ timeout: 30_000 });
    const k12 = page.getByRole('article', { name: 'K12 一对一辅导' });
    await k12.waitFor({ timeout: 30_000 });
    // Every bundled template is in the gallery, labelled in Chinese.
    await page.getByRole('article', { name: 'CRM 核心' }).waitFor();
    await page.getByLabel('搜索模板和应用').fill('一对一');
    await expect.poll(() => page.getByRole('article').count(), { timeout: 20_000 }).toBe(1);
    expect(await k12.textContent()).toContain('crm-core');
    await studio.screenshot(page, 'gallery-search');

    await k12.getByRole('button', { name: '安装 K12 一对一辅导' }).click();
    const dialog = await review(page, /^安装 K12 一对一辅导/);
    // The dependency is installed first, then the template.
    const order = dialog.getByRole('region', { name: '安装顺序' });
    expect((await order.getByRole('listitem').allTextContents()).map((t) => t.split(' ')[0])).toEqual(['crm-core', 'k12-tutoring']);
    // Changes grouped by kind: the objects of both (crm-core's lead, K12's student).
    const objects = dialog.getByRole('list', { name: '对象' });
    expect(await objects.textContent()).toContain('student');
    expect(await objects.textContent()).toContain('lead');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    const install = dialog.getByRole('button', { name: '安装' });
    const rights = (await metadataOf(studio.tenant, '{ marketplace(search: "k12-tutoring") { rights } }')).marketplace[0].rights as string[];
    if (rights.length) {
      // Rights asked for must be acknowledged before Install.
      expect(await install.isDisabled()).toBe(true);
      await dialog.getByLabel('我授予该软件包这些权限').check();
    }
    // "Add sample data" is offered when the template ships some (its template.json names the file).
    const sampleData = dialog.getByLabel('添加示例数据');
    if (K12_SAMPLE) await sampleData.check();
    else expect(await sampleData.count()).toBe(0);
    await studio.screenshot(page, 'install-plan');
    await install.click();
    await dialog.getByRole('status').filter({ hasText: 'K12 一对一辅导 1' }).filter({ hasText: '已安装' }).waitFor({ timeout: 120_000 });
    await studio.screenshot(page, 'installed');
    await footer(dialog).getByRole('button', { name: '关闭' }).click();
    expect((await installed(studio.tenant)).map((p) => p.name)).toEqual(['crm-core', 'k12-tutoring']);
    await k12.getByText(/^已安装 /).waitFor();

    // The installed tab lists both with their components, linking to the object manager.
    await page.getByRole('tab', { name: '已安装' }).click();
    const card = page.getByRole('region', { name: 'K12 一对一辅导' });
    // Who installed it, by name.
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('安装人Administrator');
    await card.getByRole('button', { name: /^组件/ }).click();
    await card.getByRole('link', { name: 'student', exact: true }).waitFor();
    expect(await card.getByRole('link', { name: 'student', exact: true }).getAttribute('href')).toBe('/setup/objects/student');

    await studio.screenshot(page, 'installed-list');
    // The app is in the app switcher; chosen, the navigation shows its objects under its name.
    const nav = page.getByRole('navigation');
    await selectOption(page.getByRole('combobox', { name: '应用', exact: true }), 'k12');
    await nav.getByText('K12 辅导', { exact: true }).waitFor({ timeout: 30_000 });
    await nav.getByRole('link', { name: '学员', exact: true }).waitFor();
    await nav.getByRole('link', { name: '试听课', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: '商机', exact: true }).count()).toBe(0);

    // The K12 funnel as K12 models it, in the record pages and forms: the family's parent and a student
    // (新线索); a call that reached them (已接通); a booked trial lesson (已邀约), then completed (已试听);
    // the parent pays for a course package (已付费). The template's workflows move the student's stage.
    // The course package: from the sample data when it was loaded, else the school adds it to its catalogue.
    const catalogue = async () => (await studio.data('{ coursePackages(filter: {name: {startsWith: "初中数学 40 课时"}}) { totalCount } }')).coursePackages.totalCount;
    if (K12_SAMPLE) expect(await catalogue()).toBe(1);
    else await studio.data('mutation { createCoursePackage(data: {name: "初中数学 40 课时", lessonHours: 40, price: {amount: 11000, currency: "CNY"}}) { id } }');
    expect(await catalogue()).toBe(1);
    const parentId = await createThroughForm(page, 'parent', '家长', async () => {
      await page.getByLabel('姓名', { exact: true }).fill('王女士');
      await page.getByLabel('手机', { exact: true }).fill('13800000001');
    });
    expect(parentId).toBeTruthy();
    const student = await createThroughForm(page, 'student', '学员', async () => {
      await page.getByLabel('姓名', { exact: true }).fill('王小明');
      await pick(page, '家长（付款人）', '王女士');
      await selectOption(page.getByLabel('年级', { exact: true }), 'grade7');
    });
    const stageOf = async () => (await studio.data('query($id: ID!) { student(id: $id) { funnelStage } }', { id: student })).student.funnelStage;
    /** The student's record page shows `label` as the current step of its funnel path once the workflows moved it to `value`. */
    const expectStage = async (value: string, label: string) => {
      await expect.poll(stageOf, { timeout: 60_000 }).toBe(value);
      await page.goto(`/o/student/${student}`);
      const path = page.getByRole('region', { name: '转化阶段路径' });
      await expect.poll(() => path.getByRole('button', { name: label }).getAttribute('aria-current'), { timeout: 30_000 }).toBe('step');
    };
    await expectStage('lead', '新线索');

    await createThroughForm(page, 'followUp', '跟进记录', async () => {
      await pick(page, '学员', '王小明');
      await selectOption(page.getByLabel('结果', { exact: true }), 'reached');
      // 时间 is left empty: required, but its default expression (NOW()) fills it on the server.
    });
    await expectStage('reached', '已接通');

    const trial = await createThroughForm(page, 'trialLesson', '试听课', async () => {
      await pick(page, '学员', '王小明');
      await selectOption(page.getByLabel('科目', { exact: true }), 'math');
    });
    await expectStage('invitationAccepted', '已邀约');
    // The trial lesson took place: its status path on its record page.
    await page.goto(`/o/trialLesson/${trial}`);
    await page.getByRole('region', { name: '状态路径' }).getByRole('button', { name: '已完成' }).click();
    await expectStage('trialCompleted', '已试听');

    const enrollment = await createThroughForm(page, 'enrollment', '报名', async () => {
      await pick(page, '学员', '王小明');
      await pick(page, '课包', '初中数学');
      await selectOption(page.getByLabel('状态', { exact: true }), 'active');
    });
    const paid = (await studio.data('query($id: ID!) { enrollment(id: $id) { parent { id } hoursPurchased } }', { id: enrollment })).enrollment;
    // The parent pays (the student's parent by default), for the package's hours.
    expect(paid).toEqual({ parent: { id: parentId }, hoursPurchased: 40 });
    await expectStage('paid', '已付费');
    await studio.screenshot(page, 'student-paid');
    expect(errors).toEqual([]);
  }, 400_000);

  it('shows the conflicts of a package whose component exists unowned, and installs nothing', async () => {
    // An object of the FMCG template's, made by hand before: the package may not take it over.
    await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [
      { name: 'distributor', label: { en: 'Distributor', 'zh-CN': '经销商' }, pluralLabel: { en: 'Distributors', 'zh-CN': '经销商' }, fields: [{ name: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' } }] },
    ] } });
    const before = await installed(studio.tenant);
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/packages');
    const fmcg = page.getByRole('article', { name: 'FMCG channel distribution' });
    await fmcg.waitFor({ timeout: 30_000 });
    await fmcg.getByRole('button', { name: 'Install FMCG channel distribution' }).click();
    const dialog = await review(page, /^Install FMCG channel distribution/);
    const conflicts = dialog.getByRole('list', { name: /^Conflicts/ });
    await conflicts.waitFor();
    expect(await conflicts.textContent()).toContain('distributor');
    expect(await dialog.getByRole('button', { name: 'Install', exact: true }).isDisabled()).toBe(true);
    await studio.screenshot(page, 'conflicts');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await installed(studio.tenant)).toEqual(before);
    // The hand-made object is untouched: still its one field.
    const object = (await studio.metadata('{ object(name: "distributor") { fields { name } } }')).object;
    expect(object.fields.map((f: { name: string }) => f.name)).not.toContain('creditLimit');
  }, 240_000);

  it('refuses to uninstall crm-core while K12 depends on it, and says why', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/packages?tab=installed');
    const core = page.getByRole('region', { name: 'CRM core' });
    await core.getByRole('button', { name: 'Uninstall CRM core' }).click();
    const dialog = await settled(page.getByRole('dialog', { name: /^Uninstall CRM core/ }));
    await dialog.getByText('Installed packages depend on it (k12-tutoring): uninstall them first.').waitFor({ timeout: 60_000 });
    await studio.screenshot(page, 'uninstall-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await installed(studio.tenant)).map((p) => p.name)).toEqual(['crm-core', 'k12-tutoring']);
  }, 180_000);

  it('installs a registry app only once the admin grants the rights it asks for', async () => {
    // An ISV's app, signed and published to the platform's registry: it extends crm-core's lead.
    const ns = `gal${Date.now().toString(36)}`;
    const pair = generatePublisherKey();
    await registerPublisher(studio.server.platform.sql, { name: `pub-${ns}`, publicKey: pair.publicKey });
    const manifest: PackageManifest = {
      namespace: ns, name: `${ns}-planner`, version: '1.0.0',
      label: { en: 'Lesson planner', 'zh-CN': '课程规划' }, description: { en: 'Plan lessons per lead.', 'zh-CN': '按线索规划课程。' },
      dependencies: { 'crm-core': `^${CRM_CORE}` }, rights: ['manageMetadata'],
      components: { objects: [
        { name: `${ns}__lesson`, label: { en: 'Lesson', 'zh-CN': '课程' }, fields: [{ name: 'title', type: 'text', required: true }] },
        { name: 'lead', fields: [{ name: `${ns}__score`, type: 'integer' }] },
      ] },
    };
    await studio.metadata('mutation($p: JSON!) { publishPackage(package: $p) { name } }', { p: signPackage({ manifest }, pair.privateKeyPem) });

    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/packages');
    await page.getByLabel('Search templates and apps').fill(ns);
    const card = page.getByRole('article', { name: 'Lesson planner' });
    // The search runs on the server: the last answer stays until its own comes.
    await expect.poll(() => page.getByRole('article').count(), { timeout: 30_000 }).toBe(1);
    await card.waitFor();
    const text = await card.textContent();
    for (const fact of ['App', `pub-${ns}`, '1.0.0', 'manageMetadata', `crm-core ^${CRM_CORE}`]) expect(text).toContain(fact);
    await card.getByRole('button', { name: 'Install Lesson planner' }).click();
    const dialog = await review(page, /^Install Lesson planner 1\.0\.0/);
    // crm-core is installed already: only the app; its own object and its field on lead.
    expect(await dialog.getByRole('region', { name: 'Installed in this order' }).getByRole('listitem').allTextContents()).toEqual([`${ns}-planner 1.0.0`]);
    expect(await dialog.getByRole('list', { name: 'Objects' }).textContent()).toContain(`${ns}__lesson`);
    expect(await dialog.getByRole('list', { name: 'Fields' }).textContent()).toContain(`lead.${ns}__score`);
    const rights = dialog.getByRole('region', { name: 'Rights this package asks for' });
    expect(await rights.textContent()).toContain('manageMetadata');
    const install = dialog.getByRole('button', { name: 'Install', exact: true });
    expect(await install.isDisabled()).toBe(true);
    await studio.screenshot(page, 'app-rights');
    await dialog.getByLabel('I grant these rights to the package').check();
    await install.click();
    await dialog.getByRole('status').filter({ hasText: 'Lesson planner 1.0.0 is installed.' }).waitFor({ timeout: 120_000 });
    await footer(dialog).getByRole('button', { name: 'Close' }).click();
    const app = (await metadataOf(studio.tenant, '{ packages { name source rights } }')).packages.find((p: { name: string }) => p.name === `${ns}-planner`);
    expect(app).toEqual({ name: `${ns}-planner`, source: 'REGISTRY', rights: ['manageMetadata'] });
    const lead = (await studio.metadata('{ object(name: "lead") { fields { name } } }')).object;
    expect(lead.fields.map((f: { name: string }) => f.name)).toContain(`${ns}__score`);
    // Uninstalled again: the tenant's other tests see crm-core and K12 only.
    await metadataOf(studio.tenant, 'mutation($n: String!) { uninstallPackage(name: $n) { applied } }', { n: `${ns}-planner` });
  }, 240_000);

  it('upgrades an older crm-core with the diff shown and the subscriber\'s change kept, then uninstalls it', async () => {
    const tenant = await newTenant(studio.server, 'pkgupgrade');
    await metadataOf(tenant, 'mutation($v: String) { installPackage(name: "crm-core", version: $v) { applied } }', { v: CRM_CORE_FIRST });
    // The subscriber relabels the lead object: an override the upgrade must keep.
    const lead = (await metadataOf(tenant, '{ document(kinds: ["objects"]) }')).document.objects.find((o: { name: string }) => o.name === 'lead');
    await metadataOf(tenant, 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ ...lead, label: { ...lead.label, en: 'Prospect' } }] } });

    const page = await studio.newPage();
    await signInTo(page, tenant);
    await page.goto('/setup/packages?tab=installed');
    const core = page.getByRole('region', { name: 'CRM core' });
    await core.getByText(`Upgrade available: ${CRM_CORE}`).waitFor({ timeout: 30_000 });
    // What the subscriber changed, against the package's value.
    await core.getByRole('button', { name: /^What you changed/ }).click();
    await core.getByRole('table', { name: 'What you changed: CRM core' }).getByRole('row', { name: /Prospect/ }).waitFor();
    await studio.screenshot(page, 'overrides');

    await core.getByRole('button', { name: 'Upgrade CRM core' }).click();
    const dialog = await review(page, `Upgrade CRM core ${CRM_CORE_FIRST} → ${CRM_CORE}`);
    await dialog.getByRole('region', { name: 'Changes', exact: true }).waitFor();
    expect(await dialog.getByRole('region', { name: 'Changes', exact: true }).getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await dialog.getByRole('table', { name: 'Your changes kept' }).textContent()).toContain('Prospect');
    const upgrade = dialog.getByRole('button', { name: 'Upgrade', exact: true });
    if (await dialog.locator('[data-destructive]').count()) {
      expect(await upgrade.isDisabled()).toBe(true);
      await dialog.getByLabel(/^Allow the destructive changes/).check();
    }
    await studio.screenshot(page, 'upgrade-plan');
    await upgrade.click();
    await dialog.getByRole('status').filter({ hasText: `upgraded to ${CRM_CORE}` }).waitFor({ timeout: 120_000 });
    await footer(dialog).getByRole('button', { name: 'Close' }).click();
    expect(await installed(tenant)).toEqual([{ name: 'crm-core', version: CRM_CORE }]);
    const after = (await metadataOf(tenant, '{ object(name: "lead") { label } }')).object;
    expect(after.label).toBe('Prospect');
    await core.getByText('up to date').waitFor();

    // Uninstall: what is removed, and that data is kept for the retention period.
    await core.getByRole('button', { name: 'Uninstall CRM core' }).click();
    const remove = await review(page, /^Uninstall CRM core/);
    await remove.getByText('The components below are removed. Records of removed objects and fields are kept for the retention period and can be restored until then.').waitFor();
    expect(await remove.getByRole('list', { name: 'Objects' }).textContent()).toContain('lead');
    await studio.screenshot(page, 'uninstall-plan');
    await remove.getByRole('button', { name: 'Uninstall', exact: true }).click();
    await remove.getByRole('status').filter({ hasText: 'is uninstalled' }).waitFor({ timeout: 120_000 });
    await footer(remove).getByRole('button', { name: 'Close' }).click();
    expect(await installed(tenant)).toEqual([]);
    await page.getByText('No packages installed yet.').waitFor();
  }, 300_000);

  it('is for administrators only: no navigation entry, and the page says so', async () => {
    const email = `member-${Date.now()}@example.com`;
    await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name: 'Member', password: 'member password 1' } });
    const page = await studio.newPage();
    await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('member password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();
    await page.goto('/setup/packages');
    await page.getByText('Only administrators install, upgrade and uninstall packages.').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Packages', exact: true }).count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(0);
  }, 120_000);
});
