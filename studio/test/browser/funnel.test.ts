import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/** The funnel report by channel (issue 15): bars with conversion from the step before, one funnel per channel. */
let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('funnel');
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{
    name: 'lead', label: { en: 'Lead' }, fields: [
      { name: 'name', type: 'text', label: { en: 'Name' } },
      { name: 'channel', type: 'select', label: { en: 'Channel' }, options: [{ value: 'web', label: { en: 'Website' } }, { value: 'ads', label: { en: 'Ads' } }] },
      { name: 'stage', type: 'select', label: { en: 'Stage' }, trackStages: true, defaultValue: 'New', options: [{ value: 'New' }, { value: 'Contacted' }, { value: 'Won', outcome: 'won' }, { value: 'Lost', outcome: 'lost' }] },
    ] }] } });
  // web: 3 leads, 2 contacted (one skipped straight to Won), 1 won; ads: 2 leads, 1 contacted then lost.
  const { createLeads } = await studio.data('mutation { createLeads(data: [{name: "w1", channel: web}, {name: "w2", channel: web}, {name: "w3", channel: web}, {name: "a1", channel: ads}, {name: "a2", channel: ads}]) { id name } }');
  const id = (name: string) => createLeads.find((l: any) => l.name === name).id;
  const move = (name: string, stage: string) => studio.data('mutation($id: ID!, $s: LeadStageOption) { updateLead(id: $id, data: {stage: $s}) { id } }', { id: id(name), s: stage });
  await move('w1', 'Contacted');
  await move('w2', 'Won');
  await move('a1', 'Contacted');
  await move('a1', 'Lost');
});
afterAll(() => studio?.close());

describe('funnel report', () => {
  it('shows the funnel by channel with conversion per step', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.getByRole('link', { name: 'Funnel report' }).click();
    await page.getByRole('heading', { name: 'Funnel report' }).waitFor();
    await studio.screenshot(page, 'funnel-page');
    // Group by channel, as a user does: open the select, pick the option.
    await page.getByLabel('Group by').click({ force: true });
    await page.locator('.ant-select-item-option[title="Channel"]').click();
    await page.waitForURL(/groupBy=channel/);
    const rows = (name: string) => page.getByRole('region', { name }).locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    await page.getByRole('region', { name: 'Website' }).waitFor();
    expect(await rows('All records')).toEqual([['New', '5', '—'], ['Contacted', '3', '60.0%'], ['Won', '1', '33.3%']]);
    expect(await rows('Website')).toEqual([['New', '3', '—'], ['Contacted', '2', '66.7%'], ['Won', '1', '50.0%']]);
    expect(await rows('Ads')).toEqual([['New', '2', '—'], ['Contacted', '1', '50.0%'], ['Won', '0', '0.0%']]);
    expect(await page.getByRole('region', { name: 'Website' }).textContent()).toContain('66.7% from the previous step');
    await page.keyboard.press('Escape');
    await studio.screenshot(page, 'funnel-by-channel');
    // A date range that leaves every lead out.
    await page.getByLabel('Created before').fill('2000-01-01');
    await page.getByRole('region', { name: 'All records' }).getByText('0 records at the first step').waitFor();
  });

  it('a dashboard funnel block by channel shows the same figures', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/dashboards');
    await page.getByRole('link', { name: 'New dashboard' }).click();
    await page.getByLabel('Dashboard name').fill('Leads funnel');
    await page.getByRole('button', { name: 'Add funnel' }).click();
    await page.getByLabel('Group by').click({ force: true });
    await page.locator('.ant-select-item-option[title="Channel"]').click();
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
    const website = page.getByRole('region', { name: 'Website' });
    await website.waitFor();
    expect(await website.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)))).toEqual([['New', '3', '—'], ['Contacted', '2', '66.7%'], ['Won', '1', '50.0%']]);
    const stored = await studio.metadata('{ dashboards { blocks } }');
    expect(stored.dashboards[0].blocks[0]).toMatchObject({ type: 'funnel', object: 'lead', stageField: 'stage', groupBy: 'channel' });
    await studio.screenshot(page, 'dashboard-funnel-block');
  });
});
