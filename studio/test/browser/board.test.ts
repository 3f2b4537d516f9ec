import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { installScriptRuntime, startStudio, type StudioHarness, STILL } from './support.ts';

/**
 * The kanban board (issue 12): an object's records in columns, one per option of a select field,
 * with counts and totals; dragging a card changes the value through the save pipeline, and a
 * refused move (a script's rule) puts the card back with the reason. In English and Chinese.
 */
let studio: StudioHarness;
let closeRuntime: (() => Promise<void>) | undefined;
const ids: Record<string, string> = {};
const stageOf = async (id: string) => (await studio.data('query($id: ID!) { deal(id: $id) { stage } }', { id })).deal.stage;

beforeAll(async () => {
  studio = await startStudio('board');
  closeRuntime = await installScriptRuntime(studio.server);
  await studio.metadata('mutation($input: ObjectInput!) { createObject(input: $input) { name } }', {
    input: {
      name: 'deal', label: { en: 'Deal', 'zh-CN': '商机' }, pluralLabel: { en: 'Deals', 'zh-CN': '商机' },
      fields: [
        { name: 'name', type: 'TEXT', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
        { name: 'stage', type: 'SELECT', label: { en: 'Stage', 'zh-CN': '阶段' }, options: [
          { value: 'prospecting', label: { en: 'Prospecting', 'zh-CN': '初步接洽' } }, { value: 'proposal', label: { en: 'Proposal', 'zh-CN': '方案报价' } },
          { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }] },
        { name: 'amount', type: 'NUMBER', label: { en: 'Amount', 'zh-CN': '金额' } },
      ],
    },
  });
  const script = await studio.metadata('mutation($s: String!) { saveScript(input: {name: "wonRule", language: TS, source: $s}) { diagnostics { message } } }', {
    s: `export const triggers = { deal: { beforeUpdate(ctx: any) {
      for (const r of ctx.records) if (r.stage === 'won' && !r.amount) throw new Error('A won deal needs an amount');
    } } };`,
  });
  expect(script.saveScript.diagnostics).toEqual([]);
  const made = await studio.data(`mutation { createDeals(data: [
    {name: "Pump line", stage: prospecting, amount: 1200},
    {name: "华东精密机械", stage: prospecting, amount: 3000},
    {name: "Boiler retrofit", stage: proposal},
    {name: "Valves", stage: won, amount: 500},
    {name: "Unsorted"}
  ]) { id name } }`);
  for (const d of made.createDeals) ids[d.name] = d.id;
});
afterAll(async () => {
  await closeRuntime?.();
  await studio?.close();
});

/** Drags a card by its handle onto a column with the mouse, in small steps (the sensor starts after 5 px). */
async function drag(page: Page, card: string, column: string) {
  const handle = await page.getByRole('button', { name: `Move ${card}` }).or(page.getByRole('button', { name: `移动 ${card}` })).boundingBox();
  const target = await page.locator(`section.board-column[aria-label="${column}"]`).boundingBox();
  await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
  await page.mouse.down();
  const to = { x: target!.x + target!.width / 2, y: target!.y + 60 };
  for (let i = 1; i <= 12; i++) await page.mouse.move(handle!.x + (to.x - handle!.x) * (i / 12), handle!.y + (to.y - handle!.y) * (i / 12));
  await page.mouse.up();
}

const column = (page: Page, label: string) => page.locator(`section.board-column[aria-label="${label}"]`);

describe('kanban board', () => {
  it('is usable on a phone (390×844): the columns scroll inside the board, never the page', async () => {
    const context = await studio.browser.newContext({ ...STILL, baseURL: studio.server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
    await page.getByLabel('Email').fill(studio.tenant.admin.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.locator('button[type=submit]').tap();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    await page.goto('/o/deal/board');
    await column(page, 'Prospecting').getByText('records', { exact: false }).first().waitFor();
    const widths = await page.evaluate(() => ({ doc: document.scrollingElement!.scrollWidth, viewport: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.viewport);
    await studio.screenshot(page, 'board-phone-en');
    await context.close();
  });

  it('shows a column per option with counts and totals, moves a card, and puts back a refused move with its reason', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/deal');
    await page.getByRole('link', { name: 'Board', exact: true }).click();
    await page.getByRole('heading', { name: 'Deal board' }).waitFor();
    const prospecting = column(page, 'Prospecting');
    await prospecting.getByText('2 records').waitFor();
    expect(await prospecting.textContent()).toContain('Total Amount: 4,200');
    expect(await column(page, 'No value').textContent()).toContain('Unsorted');
    await studio.screenshot(page, 'board-en');

    // A move the pipeline accepts: the card goes, the counts follow, the record changed.
    await drag(page, 'Pump line', 'Proposal');
    await page.getByRole('status').filter({ hasText: 'Pump line moved to Proposal.' }).waitFor();
    await column(page, 'Proposal').getByText('2 records').waitFor();
    await column(page, 'Prospecting').getByText('1 record', { exact: true }).waitFor();
    expect(await stageOf(ids['Pump line'])).toBe('proposal');

    // A move the script refuses: the card comes back, the reason is shown, nothing changed.
    await drag(page, 'Boiler retrofit', 'Won');
    await page.getByRole('alert').filter({ hasText: 'Boiler retrofit could not move to Won' }).filter({ hasText: 'A won deal needs an amount' }).waitFor();
    await column(page, 'Proposal').getByRole('link', { name: 'Open Boiler retrofit' }).waitFor();
    expect(await column(page, 'Won').getByRole('link', { name: 'Open Boiler retrofit' }).count()).toBe(0);
    expect(await stageOf(ids['Boiler retrofit'])).toBe('proposal');
    await studio.screenshot(page, 'board-refused-en');
    await page.context().close();
  });

  it('speaks Chinese, and opens a card\'s record', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/deal/board?lang=zh-CN');
    await page.getByRole('heading', { name: '商机看板' }).waitFor();
    await column(page, '赢单').getByText('1 条记录').waitFor();
    expect(await column(page, '赢单').textContent()).toContain('金额合计');
    await studio.screenshot(page, 'board-zh');
    await page.getByRole('link', { name: '打开 华东精密机械' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/o/deal/${ids['华东精密机械']}$`));
    await page.context().close();
  });
});
