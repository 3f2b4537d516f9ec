import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installScriptRuntime, startStudio, type StudioHarness } from './support.ts';

/**
 * The record page on the design system: a highlights panel of the fields metadata names as key (the
 * list columns), a stage path for the stage-like select whose moves go through the save pipeline (a
 * script refuses one), and date inputs in the user's language on an English browser.
 */
let studio: StudioHarness;
let closeRuntime: (() => Promise<void>) | undefined;
let id: string;
const stageOf = async () => (await studio.data('query($id: ID!) { opportunity(id: $id) { stage } }', { id })).opportunity.stage;

beforeAll(async () => {
  studio = await startStudio('record-page');
  closeRuntime = await installScriptRuntime(studio.server);
  await studio.metadata('mutation($input: ObjectInput!) { createObject(input: $input) { name } }', {
    input: {
      name: 'opportunity', label: { en: 'Opportunity', 'zh-CN': '商机' }, pluralLabel: { en: 'Opportunities', 'zh-CN': '商机' },
      fields: [
        { name: 'name', type: 'TEXT', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
        { name: 'stage', type: 'SELECT', label: { en: 'Stage', 'zh-CN': '阶段' }, options: [
          { value: 'prospecting', label: { en: 'Prospecting', 'zh-CN': '初步接洽' } }, { value: 'proposal', label: { en: 'Proposal', 'zh-CN': '方案报价' } },
          { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }, { value: 'lost', label: { en: 'Lost', 'zh-CN': '输单' } }] },
        { name: 'amount', type: 'NUMBER', label: { en: 'Amount', 'zh-CN': '金额' } },
        { name: 'closeDate', type: 'DATE', label: { en: 'Close date', 'zh-CN': '预计成交日期' } },
        { name: 'notes', type: 'LONG_TEXT', label: { en: 'Notes', 'zh-CN': '备注' } },
      ],
      listColumns: [{ field: 'name' }, { field: 'stage' }, { field: 'closeDate' }, { field: 'notes' }, { field: 'amount' }],
    },
  });
  const script = await studio.metadata('mutation($s: String!) { saveScript(input: {name: "stageRules", language: TS, source: $s}) { diagnostics { message } } }', {
    s: `export const triggers = { opportunity: { beforeUpdate(ctx: any) {
      for (const r of ctx.records) if (r.stage === 'won' && !r.amount) throw new Error('A won opportunity needs an amount');
    } } };`,
  });
  expect(script.saveScript.diagnostics).toEqual([]);
  id = (await studio.data('mutation { createOpportunity(data: {name: "Globex expansion", stage: prospecting, closeDate: "2026-09-30"}) { id } }')).createOpportunity.id;
});
afterAll(async () => {
  await closeRuntime?.();
  await studio?.close();
});

describe('record page', () => {
  it('shows key fields, and moves the stage along its path through the save pipeline (a refused move says why)', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto(`/o/opportunity/${id}`);
    const highlights = page.getByRole('region', { name: 'Highlights' });
    await highlights.waitFor();
    // The list columns, less the name (the title), the stage (the path) and the long notes.
    expect(await highlights.locator('[data-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(['closeDate', 'amount']);
    expect(await highlights.textContent()).toContain('2026-09-30');

    const path = page.getByRole('region', { name: 'Stage path' });
    expect(await path.getByRole('button', { name: 'Prospecting' }).getAttribute('aria-current')).toBe('step');
    await path.getByRole('button', { name: 'Won' }).click();
    await path.getByRole('alert').filter({ hasText: 'Could not move to Won' }).filter({ hasText: 'A won opportunity needs an amount' }).waitFor();
    expect(await stageOf()).toBe('prospecting');
    expect(await path.getByRole('button', { name: 'Prospecting' }).getAttribute('aria-current')).toBe('step');
    await studio.screenshot(page, 'stage-move-refused');

    await path.getByRole('button', { name: 'Proposal' }).click();
    await expect.poll(stageOf).toBe('proposal');
    await expect.poll(() => path.getByRole('button', { name: 'Proposal' }).getAttribute('aria-current')).toBe('step');
    await page.getByRole('region', { name: 'History' }).getByText('Stage: Prospecting → Proposal').waitFor();
    await studio.screenshot(page, 'stage-moved');
  });

  it('speaks the user\'s language in its date picker on an English browser, with Chinese highlights and path', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.goto(`/o/opportunity/${id}?lang=zh-CN`);
    await page.getByRole('region', { name: '重点信息' }).getByText('预计成交日期').waitFor();
    await page.getByRole('region', { name: '阶段路径' }).getByRole('button', { name: '方案报价' }).waitFor();
    await page.getByRole('button', { name: '编辑 Globex expansion' }).click();
    const date = page.getByLabel('预计成交日期');
    expect(await date.inputValue()).toBe('2026-09-30');
    await date.click();
    const calendar = page.locator('.ant-picker-dropdown:visible');
    await calendar.getByText('今天').waitFor();
    expect(await calendar.locator('.ant-picker-content thead').textContent()).toBe('一二三四五六日');
    await studio.screenshot(page, 'date-picker-zh-CN');

    await page.goto(`/o/opportunity/${id}?lang=en`);
    await page.getByRole('button', { name: 'Edit Globex expansion' }).click();
    await page.getByLabel('Close date').click();
    const english = page.locator('.ant-picker-dropdown:visible');
    await english.getByText('Today').waitFor();
    expect(await english.locator('.ant-picker-content thead').textContent()).toBe('SuMoTuWeThFrSa');
    await studio.screenshot(page, 'date-picker-en');
  });
});
