import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../../platform/test/support/server.ts';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/** Export a filtered list view from the studio: the downloaded CSV's rows are the view's. */
let studio: StudioHarness;
const md = (query: string, variables?: Record<string, unknown>) => gql(studio.server, '/metadata', studio.tenant.apiKey, query, variables);

beforeAll(async () => {
  studio = await startStudio('export');
  const entry = '@tessera/runtime/exports';
  await studio.server.platform.plugins.install((await import(entry)).createPlugin());
  const created = await md(`mutation { createObject(input: {name: "task", label: {en: "Task"}, fields: [
    {name: "title", type: TEXT, label: {en: "Title"}, required: true},
    {name: "stage", type: SELECT, label: {en: "Stage"}, options: [{value: "todo", label: {en: "To do"}}, {value: "done", label: {en: "Done"}}]}
  ]}) { name } }`);
  expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
  await studio.data('mutation($d: [TaskCreateInput!]!) { createTasks(data: $d) { id } }', {
    d: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((title, i) => ({ title, stage: i % 2 ? 'done' : 'todo' })),
  });
});
afterAll(async () => { await studio?.close(); });

describe('export from a list view', () => {
  it('exports the view\'s filter and columns, shows progress, and downloads the file', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/task');
    await page.getByRole('row', { name: /Echo/ }).waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await selectOption(page.getByLabel('Filter 1 field'), 'stage');
    await selectOption(page.getByLabel('Filter 1 operator'), 'eq');
    await selectOption(page.getByLabel('Filter 1 value'), 'done');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // While the filtered page loads the table is empty (no Alpha either): wait for the two rows it keeps.
    await expect.poll(() => page.getByRole('row').filter({ hasText: /Bravo|Delta/ }).count()).toBe(2);
    expect(await page.getByRole('row', { name: /Alpha/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const link = page.getByRole('link', { name: 'Download (2 rows)' });
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['title', 'stage']));
    const titles = lines.slice(1).map((l) => l.split(',')[lines[0].split(',').indexOf('title')]).sort();
    expect(titles).toEqual(['Bravo', 'Delta']);
    await studio.screenshot(page, 'export-done');
  }, 120_000);
});
