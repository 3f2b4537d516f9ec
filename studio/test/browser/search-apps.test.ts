import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Global search from the header (an English name, a Chinese name, a phone fragment; grouped by
 * object; Enter opens the record) and the app switcher (the navigation shows the chosen app's
 * objects), in English and Chinese.
 */
let studio: StudioHarness;
const ids: Record<string, string> = {};
beforeAll(async () => {
  studio = await startStudio('search-apps');
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
    d: {
      objects: [
        { name: 'account', label: { en: 'Account', 'zh-CN': '客户' }, pluralLabel: { en: 'Accounts', 'zh-CN': '客户' }, fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone', searchable: true }] },
        { name: 'contact', label: { en: 'Contact', 'zh-CN': '联系人' }, pluralLabel: { en: 'Contacts', 'zh-CN': '联系人' }, fields: [{ name: 'name', type: 'text' }, { name: 'mobile', type: 'phone', searchable: true }] },
        { name: 'ticket', label: { en: 'Ticket', 'zh-CN': '工单' }, pluralLabel: { en: 'Tickets', 'zh-CN': '工单' }, fields: [{ name: 'name', type: 'text' }] },
      ],
      apps: [{ name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['contact', 'account'] }],
    },
  });
  const made = await studio.data(`mutation {
    a: createAccounts(data: [{name: "Acme Robotics", phone: "021-55501234"}, {name: "华东精密机械有限公司", phone: "13812345678"}, {name: "Globex"}]) { id name }
    c: createContacts(data: [{name: "王伟", mobile: "13900005678"}, {name: "Acme buyer"}]) { id name }
  }`);
  for (const r of [...made.a, ...made.c]) ids[r.name] = r.id;
});
afterAll(() => studio?.close());

describe('global search', () => {
  it('finds an English name, a Chinese name and a phone fragment from the header, grouped by object; Enter opens the record', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    const box = page.getByRole('search').getByRole('combobox');
    // Keyboard first: "/" focuses the box.
    await page.keyboard.press('/');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Acme');
    const popup = page.locator('.ant-select-dropdown:visible');
    await popup.getByText('Acme Robotics').waitFor();
    await popup.getByText('Acme buyer').waitFor();
    // Grouped by object: each group's title is the object's plural label.
    expect(await popup.locator('.ant-select-item-group').allTextContents()).toEqual(expect.arrayContaining(['Accounts', 'Contacts']));
    await studio.screenshot(page, 'search-en');

    await box.fill('精密机');
    await popup.getByText('华东精密机械有限公司').waitFor();
    await box.fill('5678');
    await popup.getByText('王伟').waitFor();
    await popup.getByText('华东精密机械有限公司').waitFor();
    expect(await popup.getByText('Globex').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/\/o\/(account|contact)\/[0-9a-f-]{36}$/);

    await page.goto('/?lang=zh-CN');
    await page.getByRole('search').getByRole('combobox').fill('王伟');
    await page.locator('.ant-select-dropdown:visible').getByText('联系人').waitFor();
    await studio.screenshot(page, 'search-zh');
    await page.getByRole('search').getByRole('combobox').fill('zzzz-nothing');
    await page.locator('.ant-select-dropdown:visible').getByText('没有与“zzzz-nothing”匹配的记录').waitFor();
    await page.context().close();
  });
});

describe('app switcher', () => {
  it('shows the chosen app\'s objects in its order, and every object again with "All objects"', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Tickets' }).waitFor();
    await selectOption(page.getByLabel('App'), 'sales');
    await nav.getByText('Sales', { exact: true }).waitFor();
    await expect.poll(async () => nav.getByRole('link', { name: 'Tickets' }).count()).toBe(0);
    const links = await nav.locator('a[href^="/o/"]').allTextContents();
    expect(links).toEqual(['Contacts', 'Accounts']);
    await studio.screenshot(page, 'apps-sales-en');
    // Remembered on this browser; in Chinese the labels follow.
    await page.goto('/?lang=zh-CN');
    await page.getByRole('navigation').getByText('销售', { exact: true }).waitFor();
    await studio.screenshot(page, 'apps-sales-zh');
    await selectOption(page.getByLabel('应用'), '');
    await page.getByRole('navigation').getByRole('link', { name: '工单' }).waitFor();
    await page.context().close();
  });
});
