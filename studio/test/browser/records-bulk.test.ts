import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gql } from '../../../platform/test/support/server.ts';
import { confirmDialog, selectOption } from './antd.ts';
import { installScriptRuntime, startStudio, type StudioHarness } from './support.ts';

/** Bulk update and delete, saved views, and a script's custom action as a button on the record page. */
let studio: StudioHarness;
let closeRuntime: (() => Promise<void>) | undefined;
const md = (query: string, variables?: Record<string, unknown>) => gql(studio.server, '/metadata', studio.tenant.apiKey, query, variables);
const data = (query: string, variables?: Record<string, unknown>) => studio.data(query, variables);
const stages = async () => Object.fromEntries(((await data('{ tasks(orderBy: [{title: ASC}]) { nodes { title stage } } }')).tasks.nodes as { title: string; stage: string }[]).map((n) => [n.title, n.stage]));

beforeAll(async () => {
  studio = await startStudio('records-bulk');
  closeRuntime = await installScriptRuntime(studio.server);
  const created = await md(`mutation { createObject(input: {name: "task", label: {en: "Task"}, fields: [
    {name: "title", type: TEXT, label: {en: "Title"}, required: true},
    {name: "stage", type: SELECT, label: {en: "Stage"}, options: [{value: "todo", label: {en: "To do"}}, {value: "done", label: {en: "Done"}}]}
  ]}) { name } }`);
  expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
  await data('mutation($d: [TaskCreateInput!]!) { createTasks(data: $d) { id } }', {
    d: ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((title) => ({ title, stage: 'todo' })),
  });
  const script = await md(`mutation($s: String!) { saveScript(input: {name: "taskActions", language: TS, source: $s}) { version diagnostics { message } } }`, {
    s: `export const actions = { task: { finish: { run(ctx: any, args: any) { return ctx.db.update('task', args.id, { stage: 'done' }).then(() => ({ finished: args.id, note: args.input?.note ?? null })); } } } };`,
  });
  expect(script.errors, JSON.stringify(script.errors)).toBeUndefined();
  expect(script.data.saveScript.diagnostics).toEqual([]);
});
afterAll(async () => {
  await closeRuntime?.();
  await studio?.close();
});

describe('working many records at once', () => {
  it('updates and deletes the selected records, and keeps a filter as a saved view', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/task');
    await page.getByRole('row', { name: /Delta/ }).waitFor();

    await page.getByRole('checkbox', { name: 'Select Alpha' }).check();
    await page.getByRole('checkbox', { name: 'Select Bravo' }).check();
    const bulk = page.getByRole('region', { name: '2 selected' });
    await selectOption(bulk.getByLabel('Field to set'), 'stage');
    await selectOption(bulk.getByLabel('New value'), 'done');
    await bulk.getByRole('button', { name: 'Update selected' }).click();
    await expect.poll(stages).toEqual({ Alpha: 'done', Bravo: 'done', Charlie: 'todo', Delta: 'todo' });
    await studio.screenshot(page, 'bulk-updated');

    // The selection stays after an update; change it to Delta alone.
    await page.getByRole('checkbox', { name: 'Select Alpha' }).uncheck();
    await page.getByRole('checkbox', { name: 'Select Bravo' }).uncheck();
    await page.getByRole('checkbox', { name: 'Select Delta' }).check();
    await page.getByRole('region', { name: '1 selected' }).waitFor();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await confirmDialog(page, 'Delete 1 records? They can be restored until purged.', 'Delete selected');
    await expect.poll(stages).toEqual({ Alpha: 'done', Bravo: 'done', Charlie: 'todo' });
    await expect.poll(() => page.getByRole('row', { name: /Delta/ }).count()).toBe(0);

    // A saved view: the filter stage = done, chosen again after a reload.
    await page.getByRole('button', { name: 'Add filter' }).click();
    await selectOption(page.getByLabel('Filter 1 field'), 'stage');
    await selectOption(page.getByLabel('Filter 1 operator'), 'eq');
    await selectOption(page.getByLabel('Filter 1 value'), 'done');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Charlie/ }).count()).toBe(0);
    // Only the title column, kept by the view.
    await page.getByText('Columns', { exact: true }).click();
    // The popover zooms in: a click during its motion can miss; click until the box is unchecked.
    const showStage = page.getByRole('checkbox', { name: 'Show Stage' });
    await vi.waitFor(async () => {
      if (await showStage.isChecked()) await showStage.click({ timeout: 2_000 });
      expect(await showStage.isChecked()).toBe(false);
    }, { timeout: 20_000, interval: 200 });
    await expect.poll(() => page.getByRole('columnheader', { name: /Stage/ }).count()).toBe(0);
    await page.getByLabel('View name').fill('Finished');
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect.poll(async () => (await md('{ listViews(object: "task") { name columns } }')).data.listViews).toEqual([{ name: 'Finished', columns: ['title'] }]);

    await page.reload();
    await page.getByRole('row', { name: /Charlie/ }).waitFor();
    await page.getByRole('columnheader', { name: /Stage/ }).waitFor();
    await selectOption(page.getByRole('combobox', { name: 'View', exact: true }), { label: 'Finished' });
    await expect.poll(() => page.getByRole('row', { name: /Charlie/ }).count()).toBe(0);
    await page.getByRole('row', { name: /Alpha/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: /Stage/ }).count()).toBe(0);
    await studio.screenshot(page, 'saved-view');
  });

  it('runs a custom action from the record page and shows its result', async () => {
    const { tasks } = await data('{ tasks(filter: {title: {eq: "Charlie"}}) { nodes { id } } }');
    const id = tasks.nodes[0].id;
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto(`/o/task/${id}`);
    await page.getByLabel('Input for finish (JSON)').fill('{"note": "shipped"}');
    await page.getByRole('button', { name: 'Run finish' }).click();
    const result = page.getByRole('status', { name: 'Result of finish' });
    await result.waitFor();
    expect(JSON.parse((await result.textContent())!)).toEqual({ finished: id, note: 'shipped' });
    expect((await stages()).Charlie).toBe('done');
    await studio.screenshot(page, 'custom-action');

    // Bad JSON is refused in the page, before any request.
    await page.getByLabel('Input for finish (JSON)').fill('{not json');
    await page.getByRole('button', { name: 'Run finish' }).click();
    await page.getByRole('alert').filter({ hasText: 'finish failed' }).waitFor();
  });
});
