import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlugin } from '../../../platform/test/plugins/test-plugin.ts';
import { startStudio, type StudioHarness } from './support.ts';
import { selectOption } from './antd.ts';

/** A plugin's studio parts (issue 11): its navigation entry and declared page, in English and Chinese; gone when it is uninstalled. */
let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('plugins');
  await studio.server.platform.plugins.install(testPlugin({ pool: studio.server.platform.pool, name: 'studio-pools', migrations: false }));
  await studio.metadata('mutation { createObject(input: {name: "deal", fields: [{name: "name", type: TEXT}, {name: "stage", type: TEXT}]}) { name } }');
  await studio.data('mutation { createDeals(data: [{name: "Pump line"}, {name: "Boiler"}, {name: "Valves"}]) { id } }');
});
afterAll(() => studio?.close());

describe('plugin pages', () => {
  it('shows a plugin\'s navigation entry and page, its query block rendered as a table, in both languages', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    const nav = page.getByRole('navigation');
    await nav.getByText('Apps', { exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Deal pools' }).click();
    await page.waitForURL(/\/x\/studio-pools\/pools$/);
    await page.getByRole('heading', { name: 'Deal pools', level: 1 }).waitFor();
    await page.getByText('Claim deals from the pool.').waitFor();
    const table = page.getByRole('table', { name: 'Pool statistics' });
    await table.waitFor();
    expect(await table.locator('thead').textContent()).toContain('visibleDeals');
    expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toBe('3');
    await studio.screenshot(page, 'plugin-page-en');

    await selectOption(page.getByLabel('Language'), 'zh-CN');
    await page.getByRole('heading', { name: '商机公海', level: 1 }).waitFor();
    await page.getByText('从公海领取商机。').waitFor();
    await page.getByRole('table', { name: '公海统计' }).waitFor();
    await page.getByRole('navigation').getByText('应用', { exact: true }).waitFor();
    await studio.screenshot(page, 'plugin-page-zh');
    await page.context().close();
  });

  it('says "nothing here" for a page no plugin declares, and drops the entry once the plugin is uninstalled', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/x/studio-pools/missing');
    await page.getByText('Nothing here').waitFor();
    await studio.server.platform.plugins.uninstall('studio-pools');
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Setup audit trail' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Deal pools' }).count()).toBe(0);
    await page.goto('/x/studio-pools/pools');
    await page.getByText('Nothing here').waitFor();
    await page.context().close();
  });
});
