import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, metadataClient } from '../../../platform/test/support/server.ts';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('dashboards');
  const meta = metadataClient(studio.server, studio.tenant.apiKey);
  const created = await meta(`mutation { createObject(input: {name: "deal", label: {en: "Deal"}, fields: [
    {name: "amount", label: {en: "Amount"}, type: NUMBER}, {name: "stage", label: {en: "Stage"}, type: SELECT, options: [{value: "open", label: {en: "Open"}}, {value: "won", label: {en: "Won"}}]}]}) { name } }`);
  expect(created.errors).toBeUndefined();
  const seeded = await gql(studio.server, '/graphql', studio.tenant.apiKey, 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }',
    { d: [{ amount: 100, stage: 'open' }, { amount: 50, stage: 'open' }, { amount: 300, stage: 'won' }, { amount: 7, stage: null }] });
  expect(seeded.errors).toBeUndefined();
});
afterAll(() => studio?.close());

describe('dashboards', () => {
  it('builds a dashboard with a bar chart over seeded records and renders it with a data table', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/dashboards');
    await page.getByRole('link', { name: 'New dashboard' }).click();
    await page.getByLabel('Dashboard name').fill('Pipeline');
    await page.getByRole('button', { name: 'Add chart' }).click();
    await page.getByLabel('Title').fill('Amount by stage');
    await selectOption(page.getByLabel('Measure'), 'sum');
    await selectOption(page.getByLabel('Of field'), 'amount');
    await selectOption(page.getByLabel('Group by'), 'stage');
    await selectOption(page.getByLabel('Chart type'), 'bar');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await selectOption(page.getByLabel('Field of condition 1'), 'amount');
    await selectOption(page.getByLabel('Operator of condition 1'), 'gt');
    await page.getByLabel('Value of condition 1').fill('10');
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Pipeline' }).waitFor();
    const figure = page.getByRole('figure', { name: 'Amount by stage' });
    await figure.locator('.chart-canvas svg').waitFor();
    expect(await figure.locator('.chart-canvas svg path').count()).toBeGreaterThan(0);
    const rows = await figure.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([['Open', '150'], ['Won', '300']]);
    expect(await figure.getAttribute('aria-describedby')).toBeTruthy();
    expect(await figure.textContent()).toContain('Bar chart: Sum of Amount of Deals by Stage, 2 values');
    await studio.screenshot(page, 'bar-chart');

    const stored = await metadataClient(studio.server, studio.tenant.apiKey)('{ dashboards { name blocks } }');
    expect(stored.data.dashboards[0].blocks[0]).toMatchObject({ object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'bar', filter: { amount: { gt: 10 } } });
  });
});
