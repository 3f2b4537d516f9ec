import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness, STILL } from './support.ts';

/**
 * A field rep's phone (390×844, a touch screen at 3× density): the navigation is a drawer behind a
 * menu button, the list scrolls inside its frame, the record page and its form stack in one column,
 * and no page is wider than the screen. The walk list → record → edit → save, in English and Chinese,
 * a screenshot at every step.
 */
let studio: StudioHarness;
let id: string;
const WIDTH = 390;

beforeAll(async () => {
  studio = await startStudio('phone');
  await studio.metadata(`mutation($layout: JSON) { createObject(input: {name: "deal", label: {en: "Deal", zh_CN: "商机"}, pluralLabel: {en: "Deals", zh_CN: "商机"}, layout: $layout, fields: [
    {name: "name", type: TEXT, label: {en: "Name", zh_CN: "名称"}, required: true},
    {name: "stage", type: SELECT, label: {en: "Stage", zh_CN: "阶段"}, options: [{value: "open", label: {en: "Open", zh_CN: "进行中"}}, {value: "won", label: {en: "Won", zh_CN: "赢单"}}]},
    {name: "amount", type: NUMBER, label: {en: "Amount", zh_CN: "金额"}},
    {name: "closeDate", type: DATE, label: {en: "Close date", zh_CN: "预计成交日期"}},
    {name: "contactEmail", type: EMAIL, label: {en: "Contact email", zh_CN: "联系人邮箱"}},
    {name: "notes", type: LONG_TEXT, label: {en: "Notes", zh_CN: "备注"}}
  ]}) { name } }`, { layout: { sections: [{ label: 'Deal', columns: 3, fields: ['name', 'stage', 'amount', 'closeDate', 'contactEmail', 'notes'].map((field) => ({ field })) }] } });
  id = (await studio.data('mutation { createDeal(data: {name: "Acme field visit", stage: open, amount: 1200, closeDate: "2026-09-30", contactEmail: "buyer@acme.example", notes: "Bring the samples"}) { id } }')).createDeal.id;
  await studio.data('mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: Array.from({ length: 12 }, (_, i) => ({ name: `Deal ${i + 1} with a rather long name for a phone`, stage: 'open', amount: 100 * i })) });
});
afterAll(() => studio?.close());

const WORDS = {
  en: { open: 'Open navigation', deals: 'Deals', openRecord: 'Open Acme field visit', edit: 'Edit Acme field visit', amount: 'Amount', save: 'Save', nav: 'Main navigation' },
  'zh-CN': { open: '打开导航', deals: '商机', openRecord: '打开 Acme field visit', edit: '编辑 Acme field visit', amount: '金额', save: '保存', nav: '主导航' },
} as const;

/** Nothing wider than the screen: neither the document nor the page's content area scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const widths = await page.evaluate(() => {
    const main = document.querySelector('.shell-main');
    return { doc: document.scrollingElement!.scrollWidth, viewport: window.innerWidth, main: main ? main.scrollWidth - main.clientWidth : 0 };
  });
  expect(widths.viewport, where).toBe(WIDTH);
  expect(widths.doc, `${where}: document ${widths.doc}px wide`).toBeLessThanOrEqual(WIDTH);
  expect(widths.main, `${where}: content overflows by ${widths.main}px`).toBeLessThanOrEqual(0);
}

describe('on a phone', () => {
  it.each(['en', 'zh-CN'] as const)('walks list → record → edit → save (%s)', async (lang) => {
    const w = WORDS[lang];
    const context = await studio.browser.newContext({
      ...STILL,
      baseURL: studio.server.url, viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: lang === 'en' ? 'en-US' : 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}&lang=${lang}`);
    await expectNoSidewaysScroll(page, 'sign-in');
    await page.locator('input[type=email], input#email, input[autocomplete=username]').first().fill(studio.tenant.admin.email);
    await page.locator('input[type=password]').fill('correct horse battery');
    await page.locator('button[type=submit]').tap();
    const menu = page.getByRole('button', { name: w.open });
    await menu.waitFor();
    // No side menu on a phone: the navigation is in the drawer.
    expect(await page.getByRole('navigation', { name: w.nav }).count()).toBe(0);
    await expectNoSidewaysScroll(page, 'home');
    await studio.screenshot(page, `${lang}-1-home`);

    await menu.tap();
    const nav = page.getByRole('navigation', { name: w.nav });
    await nav.getByRole('link', { name: w.deals, exact: true }).waitFor();
    await studio.screenshot(page, `${lang}-2-drawer`);
    await nav.getByRole('link', { name: w.deals, exact: true }).tap();
    await page.getByRole('link', { name: w.openRecord }).waitFor();
    await expect.poll(() => nav.count()).toBe(0);
    await expectNoSidewaysScroll(page, 'list');
    // The list's columns do not fit: its frame scrolls sideways, the page does not.
    const grid = await page.getByTestId('record-grid-scroll').evaluate((el) => ({ width: el.getBoundingClientRect().right, scrolls: el.scrollWidth > el.clientWidth }));
    expect(grid.width).toBeLessThanOrEqual(WIDTH);
    expect(grid.scrolls).toBe(true);
    await studio.screenshot(page, `${lang}-3-list`);

    await page.getByRole('link', { name: w.openRecord }).tap();
    await page.getByRole('button', { name: w.edit, exact: true }).waitFor();
    await expectNoSidewaysScroll(page, 'record');
    await studio.screenshot(page, `${lang}-4-record`);

    await page.getByRole('button', { name: w.edit, exact: true }).tap();
    const amount = page.getByLabel(w.amount, { exact: true });
    await amount.waitFor();
    // The layout's three columns stack into one.
    const columns = await page.locator('.form-grid').first().evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    expect(columns).toBe(1);
    await expectNoSidewaysScroll(page, 'form');
    await studio.screenshot(page, `${lang}-5-form`);

    const value = lang === 'en' ? '2500' : '3600';
    await amount.fill(value);
    await page.getByRole('button', { name: w.save, exact: true }).tap();
    await page.getByRole('button', { name: w.edit, exact: true }).waitFor();
    await expect.poll(async () => (await studio.data('query($id: ID!) { deal(id: $id) { amount } }', { id })).deal.amount).toBe(Number(value));
    await page.locator('[data-field="amount"]').first().filter({ hasText: Number(value).toLocaleString('en') }).waitFor();
    await expectNoSidewaysScroll(page, 'saved');
    await studio.screenshot(page, `${lang}-6-saved`);
    await context.close();
  });
});
