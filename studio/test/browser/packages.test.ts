import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, newTenant } from '../../../platform/test/support/server.ts';
import type { CreatedTenant } from '../../../platform/src/tenancy/index.ts';
import { settled } from './antd.ts';
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
// The runtime plugins whose kinds the bundled templates' documents use, in an order that satisfies their own needs.
const PLUGINS = ['workflows', 'approvals', 'conversions', 'scoring', 'pools', 'assignment', 'reactivation'];

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

/** The review dialog once its plan is in (its form is named like the dialog). */
async function review(page: Page, title: string | RegExp) {
  const dialog = await settled(page.getByRole('dialog', { name: title }));
  await dialog.getByRole('form').waitFor({ timeout: 60_000 });
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
    await dialog.getByLabel('添加示例数据').check();
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
    await card.getByRole('button', { name: /^组件/ }).click();
    await card.getByRole('link', { name: 'student', exact: true }).waitFor();
    expect(await card.getByRole('link', { name: 'student', exact: true }).getAttribute('href')).toBe('/setup/objects/student');

    // The app and its objects are in the navigation.
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: '学员', exact: true }).waitFor({ timeout: 30_000 });
    await studio.screenshot(page, 'installed-list');

    // The K12 funnel: a student starts as 新线索 and is moved along its path to 已付费.
    await nav.getByRole('link', { name: '学员', exact: true }).click();
    await page.getByRole('link', { name: '新建学员' }).click();
    await page.getByRole('heading', { name: '新建学员' }).waitFor();
    await page.getByLabel('姓名', { exact: true }).fill('王小明');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/o\/student\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const id = page.url().split('/').pop()!;
    const stageOf = async () => (await studio.data('query($id: ID!) { student(id: $id) { funnelStage } }', { id })).student.funnelStage;
    const path = page.getByRole('region', { name: '转化阶段路径' });
    await path.waitFor();
    expect(await path.getByRole('button', { name: '新线索' }).getAttribute('aria-current')).toBe('step');
    expect(await stageOf()).toBe('lead');
    for (const [value, label] of [['reached', '已接通'], ['invitationAccepted', '已邀约'], ['trialCompleted', '已试听'], ['paid', '已付费']] as const) {
      await path.getByRole('button', { name: label }).click();
      await expect.poll(stageOf, { timeout: 30_000 }).toBe(value);
      await expect.poll(() => path.getByRole('button', { name: label }).getAttribute('aria-current'), { timeout: 30_000 }).toBe('step');
    }
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
    await dialog.getByText('Other installed packages depend on it: uninstall them first.').waitFor({ timeout: 60_000 });
    await studio.screenshot(page, 'uninstall-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await installed(studio.tenant)).map((p) => p.name)).toEqual(['crm-core', 'k12-tutoring']);
  }, 180_000);

  it('upgrades an older crm-core with the diff shown and the subscriber\'s change kept, then uninstalls it', async () => {
    const tenant = await newTenant(studio.server, 'pkgupgrade');
    await metadataOf(tenant, 'mutation { installPackage(name: "crm-core", version: "1.1.0") { applied } }');
    // The subscriber relabels the lead object: an override the upgrade must keep.
    const lead = (await metadataOf(tenant, '{ document(kinds: ["objects"]) }')).document.objects.find((o: { name: string }) => o.name === 'lead');
    await metadataOf(tenant, 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ ...lead, label: { ...lead.label, en: 'Prospect' } }] } });

    const page = await studio.newPage();
    await signInTo(page, tenant);
    await page.goto('/setup/packages?tab=installed');
    const core = page.getByRole('region', { name: 'CRM core' });
    await core.getByText('Upgrade available: 1.2.0').waitFor({ timeout: 30_000 });
    // What the subscriber changed, against the package's value.
    await core.getByRole('button', { name: /^What you changed/ }).click();
    await core.getByRole('table', { name: 'What you changed: CRM core' }).getByRole('row', { name: /Prospect/ }).waitFor();
    await studio.screenshot(page, 'overrides');

    await core.getByRole('button', { name: 'Upgrade CRM core' }).click();
    const dialog = await review(page, /^Upgrade CRM core 1\.1\.0 → 1\.2\.0/);
    await dialog.getByRole('region', { name: 'Changes' }).waitFor();
    expect(await dialog.getByRole('region', { name: 'Changes' }).getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await dialog.getByRole('table', { name: 'Your changes kept' }).textContent()).toContain('Prospect');
    const upgrade = dialog.getByRole('button', { name: 'Upgrade', exact: true });
    if (await dialog.locator('[data-destructive]').count()) {
      expect(await upgrade.isDisabled()).toBe(true);
      await dialog.getByLabel(/^Allow the destructive changes/).check();
    }
    await studio.screenshot(page, 'upgrade-plan');
    await upgrade.click();
    await dialog.getByRole('status').filter({ hasText: 'upgraded to 1.2.0' }).waitFor({ timeout: 120_000 });
    await footer(dialog).getByRole('button', { name: 'Close' }).click();
    expect(await installed(tenant)).toEqual([{ name: 'crm-core', version: '1.2.0' }]);
    const after = (await metadataOf(tenant, '{ object(name: "lead") { label } }')).object;
    expect(after.label).toBe('Prospect');
    await core.getByText('up to date').waitFor();

    // Uninstall: what is removed, and that data is kept for the retention period.
    await core.getByRole('button', { name: 'Uninstall CRM core' }).click();
    const remove = await review(page, /^Uninstall CRM core/);
    await remove.getByText(/kept for the retention period/).waitFor();
    expect(await remove.getByRole('list', { name: 'Objects' }).textContent()).toContain('lead');
    await studio.screenshot(page, 'uninstall-plan');
    await remove.getByRole('button', { name: 'Uninstall', exact: true }).click();
    await remove.getByRole('status').filter({ hasText: 'is uninstalled' }).waitFor({ timeout: 120_000 });
    await footer(remove).getByRole('button', { name: 'Close' }).click();
    expect(await installed(tenant)).toEqual([]);
    await page.getByText('No packages installed yet.').waitFor();
  }, 300_000);
});
