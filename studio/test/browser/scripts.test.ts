import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataClient } from '../../../platform/test/support/server.ts';
import { installScriptRuntime, startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
let closeRuntime: (() => Promise<void>) | undefined;
beforeAll(async () => {
  studio = await startStudio('scripts');
  closeRuntime = await installScriptRuntime(studio.server);
  const meta = metadataClient(studio.server, studio.tenant.apiKey);
  const created = await meta('mutation { createObject(input: {name: "deal", label: {en: "Deal"}, fields: [{name: "title", type: TEXT, required: true}, {name: "amount", type: NUMBER}]}) { name } }');
  expect(created.errors).toBeUndefined();
});
afterAll(async () => {
  await closeRuntime?.();
  await studio?.close();
});

const source = (line4: string) => `export const triggers = {
  deal: {
    beforeCreate(ctx) {
      ${line4}
    },
  },
};
`;

describe('scripts', () => {
  it('shows a type error from the tenant types at its line, then saves the fix', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/scripts');
    await page.getByRole('button', { name: 'New script' }).click();
    await page.getByLabel('Script name').fill('dealRules');
    const editor = page.getByRole('textbox', { name: 'Source code' });
    await editor.fill(source('for (const d of ctx.records) d.amout = 1;'));
    await page.getByRole('button', { name: 'Save script' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 has errors' }).waitFor();
    const problems = page.locator('#script-diagnostics li');
    expect(await problems.count()).toBe(1);
    expect(await problems.first().textContent()).toMatch(/^Line 4, column \d+ · error: Property 'amout' does not exist on type 'Deal'/);
    // The marker sits on line 4 of the editor.
    const line4 = page.locator('.cm-content .cm-line').nth(3);
    await line4.locator('.cm-lintRange-error').waitFor();
    expect(await page.locator('.cm-lintRange-error').count()).toBe(1);
    await studio.screenshot(page, 'type-error');

    await page.getByRole('button', { name: 'dealRules', exact: true }).click();
    await editor.fill(source("for (const d of ctx.records) if ((d.amount ?? 0) > 1000) throw new Error('deal too big: ' + d.title);"));
    await page.getByRole('button', { name: 'Save script' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 2 saved and active.' }).waitFor();
    expect(await page.locator('#script-diagnostics li').count()).toBe(0);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    const row = page.getByRole('row', { name: /dealRules/ });
    expect(await row.textContent()).toContain('Active');
    await studio.screenshot(page, 'fixed');
  });

  it('offers the generated types in a panel and as completions', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/scripts');
    await page.getByText('Types', { exact: true }).click();
    const types = page.getByLabel('Types', { exact: true });
    await expect(types.textContent()).resolves.toContain('interface Deal {');
    expect(await types.textContent()).toMatch(/"amount": number \| null;/);
    await page.getByRole('button', { name: 'dealRules', exact: true }).click();
    const editor = page.getByRole('textbox', { name: 'Source code' });
    await editor.fill("const x = ctx.db.get('");
    await page.keyboard.press('Control+Space');
    await page.locator('.cm-tooltip-autocomplete').getByText('deal', { exact: true }).waitFor();
    await editor.fill('const y = r.');
    await page.keyboard.press('Control+Space');
    await page.locator('.cm-tooltip-autocomplete').getByText('amount', { exact: true }).waitFor();
    await studio.screenshot(page, 'completions');
  });

  it('lists a failed run with its error and the pipeline trace', async () => {
    const api = await fetch(`${studio.server.url}/graphql`, {
      method: 'POST', headers: { authorization: `Bearer ${studio.tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createDeal(data: {title: "Big", amount: 5000}) { id } }' }),
    });
    expect(JSON.stringify(await api.json())).toContain('deal too big: Big');
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/scripts');
    const failure = page.locator('.failures li').filter({ hasText: 'deal too big: Big' }).first();
    await failure.waitFor();
    const withTrace = page.locator('.failures li').filter({ hasText: 'createDeal' }).first();
    await withTrace.locator('summary').click();
    const trace = withTrace.getByRole('table', { name: 'Steps up to the failure' });
    await trace.waitFor();
    const steps = await trace.locator('tbody tr td:first-child').allTextContents();
    expect(steps).toEqual(expect.arrayContaining(['create.validate', 'create.beforeWrite']));
    await studio.screenshot(page, 'failures');
  });
});
