import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataClient } from '../../../platform/test/support/server.ts';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/** The setup audit trail: every configuration change, filtered and paged, in English and Chinese. */
let studio: StudioHarness;
let meta: ReturnType<typeof metadataClient>;
beforeAll(async () => {
  studio = await startStudio('audit');
  meta = metadataClient(studio.server, studio.tenant.apiKey);
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const res = await meta(query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  // 30 fields: a page (25) and more of object changes.
  await ok('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', {
    d: { objects: [{ name: 'deal', label: { en: 'Deal', 'zh-CN': '商机' }, fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, type: 'text' })) }] },
  });
  await ok('mutation { createRole(input: {name: "Sales", objectPermissions: [{object: "deal", read: true}]}) { id } }');
  await ok('mutation { saveListView(input: {object: "deal", name: "Everything", shared: true, columns: ["f1"]}) { id } }');
});
afterAll(() => studio?.close());

describe('setup audit trail', () => {
  it('lists the changes newest first, opens one\'s before and after, filters by kind and item, and pages', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Setup audit trail' }).click();
    await page.getByRole('heading', { name: 'Setup audit trail' }).waitFor();
    const table = page.getByRole('table', { name: 'Configuration changes' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(25);
    expect(await rows.first().textContent()).toContain('deal/Everything');
    expect(await rows.nth(1).textContent()).toContain('role Sales');
    expect(await rows.first().textContent()).toContain('List view');

    await rows.nth(1).getByText('Before and after', { exact: true }).click();
    const after = rows.nth(1).locator('figure').filter({ hasText: 'After' }).locator('pre');
    await after.waitFor({ state: 'visible' });
    expect(await after.textContent()).toContain('"name": "Sales"');
    expect(await rows.nth(1).locator('figure').filter({ hasText: 'Before' }).locator('pre').textContent()).toBe('(none)');
    expect(await rows.first().locator('pre').first().isVisible()).toBe(false);
    await studio.screenshot(page, 'trail');

    await page.getByRole('button', { name: 'Show older changes' }).click();
    await expect.poll(() => rows.count()).toBe(33);
    expect(await page.getByRole('button', { name: 'Show older changes' }).count()).toBe(0);
    expect(await rows.last().textContent()).toContain('createObject');

    const filters = page.getByRole('form', { name: 'Filters' });
    await selectOption(filters.getByLabel('Kind'), { label: 'Role' });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('createRole');

    await selectOption(filters.getByLabel('Kind'), { label: 'All kinds' });
    await filters.getByLabel('Item contains').fill('deal.f2');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    // deal.f2 and deal.f20 … deal.f29
    await expect.poll(() => rows.count()).toBe(11);
    await selectOption(filters.getByLabel('Author'), { label: 'System (CLI, templates)' });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'No changes match.' }).waitFor();
    await studio.screenshot(page, 'filtered');
  });

  it('speaks Chinese, and tells a reader without the capability why there is nothing', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/audit?lang=zh-CN');
    await page.getByRole('heading', { name: '设置审计记录' }).waitFor();
    await page.getByRole('table', { name: '配置变更' }).locator('tbody tr').first().waitFor();
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['时间', '操作人', '途径', '类型', '变更', '项目', '详情']);
    expect(await page.getByRole('table').locator('tbody tr').first().textContent()).toContain('列表视图');
    await studio.screenshot(page, 'trail-zh-CN');

    // A user without manageMetadata or manageUsers signs in: the page says what is missing.
    const user = (await meta('mutation { createUser(input: {email: "plain@audit.test", name: "Plain", password: "plain password 1"}) { id } }')).data.createUser.id;
    expect(user).toBeTruthy();
    const plain = await studio.newPage();
    await plain.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
    await plain.getByLabel('Email').fill('plain@audit.test');
    await plain.getByLabel('Password').fill('plain password 1');
    await plain.getByRole('button', { name: 'Sign in' }).click();
    await plain.getByRole('navigation').waitFor();
    await plain.goto('/setup/audit');
    await plain.getByText('The audit trail needs the Manage objects or Manage users capability.').waitFor();
  });
});
