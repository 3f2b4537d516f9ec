import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addField } from './object-manager-steps.ts';
import { fillDate, selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * The studio issue's end-to-end path, in one browser session: an admin signs in, creates an object
 * with five fields of different types, creates a record through the generated form after first
 * seeing a validation error, finds it in the list by a filter, edits it inline, sees its history,
 * and switches to zh-CN to see Chinese labels. Every step writes a screenshot.
 */
let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('admin-flow');
});
afterAll(() => studio?.close());



describe('an admin shapes an object and works its records in the studio', () => {
  it('signs in, creates an object and a record, filters, edits inline, reads history, and switches to Chinese', async () => {
    const page = await studio.newPage();

    // 1. Sign in.
    await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
    await studio.screenshot(page, 'sign-in');
    await studio.signIn(page);
    await studio.screenshot(page, 'signed-in');

    // 2. An object with five fields of different types.
    await page.goto('/setup/objects');
    await page.getByRole('button', { name: 'New object' }).click();
    const objectForm = page.getByRole('dialog', { name: 'New object' });
    await objectForm.getByLabel('API name').fill('deal');
    await objectForm.getByLabel('Label', { exact: true }).fill('Deal');
    await objectForm.getByLabel('Label (中文)', { exact: true }).fill('商机');
    await objectForm.getByRole('button', { name: 'Create object' }).click();
    await page.waitForURL(/\/setup\/objects\/deal$/);
    await addField(page, { name: 'name', type: 'TEXT', label: 'Name', labelZh: '名称', required: true });
    await addField(page, { name: 'amount', type: 'NUMBER', label: 'Amount', labelZh: '金额' });
    await addField(page, {
      name: 'stage', type: 'SELECT', label: 'Stage', labelZh: '阶段',
      fill: async (p) => {
        await p.getByLabel('Value 1', { exact: true }).fill('open');
        await p.getByLabel('Label 1', { exact: true }).fill('Open');
        await p.getByRole('button', { name: 'Add value' }).click();
        await p.getByLabel('Value 2', { exact: true }).fill('won');
        await p.getByLabel('Label 2', { exact: true }).fill('Won');
      },
    });
    await addField(page, { name: 'closeDate', type: 'DATE', label: 'Close date', labelZh: '预计成交日期' });
    await addField(page, { name: 'hot', type: 'BOOLEAN', label: 'Hot', labelZh: '重点' });
    await studio.screenshot(page, 'object-with-five-fields');

    // Another deal, so the filter below has something to leave out.
    await studio.data('mutation { createDeal(data: {name: "Globex renewal", amount: 500, stage: open}) { id } }');

    // 3. A record through the generated form: the empty required name is refused first.
    await page.goto('/o/deal');
    await page.getByRole('link', { name: 'New Deal' }).or(page.getByRole('button', { name: 'New Deal' })).first().click();
    await page.waitForURL(/\/o\/deal\/new$/);
    const form = page.getByRole('form', { name: 'New Deal' });
    await form.waitFor();
    await form.getByLabel('Amount').fill('1200');
    await form.getByRole('button', { name: 'Save' }).click();
    const nameInput = form.getByLabel('Name', { exact: true });
    await expect.poll(() => nameInput.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await nameInput.getAttribute('aria-describedby'))!.split(' ')[0]}`).textContent()).toContain('Name is required');
    await studio.screenshot(page, 'form-validation-error');
    await nameInput.fill('Acme expansion');
    await selectOption(form.getByLabel('Stage'), 'won');
    await fillDate(form.getByLabel('Close date'), '2026-12-31');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/o\/deal\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const created = await studio.data('query($id: ID!) { deal(id: $id) { name amount stage closeDate } }', { id });
    expect(created.deal).toMatchObject({ name: 'Acme expansion', stage: 'won', closeDate: '2026-12-31' });
    expect(Number(created.deal.amount)).toBe(1200);
    await studio.screenshot(page, 'record-created');

    // 4. Found in the list by a filter.
    await page.goto('/o/deal');
    await page.getByRole('row', { name: /Globex renewal/ }).waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await selectOption(page.getByLabel('Filter 1 field'), 'name');
    await selectOption(page.getByLabel('Filter 1 operator'), 'startsWith');
    await page.getByLabel('Filter 1 value').fill('Acme');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Globex renewal/ }).count()).toBe(0);
    await page.getByRole('row', { name: /Acme expansion/ }).waitFor();
    await studio.screenshot(page, 'list-filtered');

    // 5. Edited inline.
    await page.getByRole('button', { name: 'Edit Amount of Acme expansion' }).click();
    const cell = page.getByRole('spinbutton', { name: 'Edit Amount of Acme expansion' }).or(page.getByRole('textbox', { name: 'Edit Amount of Acme expansion' }));
    await cell.fill('1500');
    await page.getByRole('button', { name: 'Save Amount of Acme expansion' }).click();
    await expect.poll(async () => Number((await studio.data('query($id: ID!) { deal(id: $id) { amount } }', { id })).deal.amount)).toBe(1500);
    await studio.screenshot(page, 'edited-inline');

    // 6. Its history: created, then the amount changed from 1200 to 1500.
    await page.goto(`/o/deal/${id}`);
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Updated').waitFor();
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('Created');
    expect(text).toMatch(/1,?200/);
    expect(text).toMatch(/1,?500/);
    await studio.screenshot(page, 'history');

    // 7. Chinese: the shell, the object's and the fields' labels.
    await page.goto('/o/deal?lang=zh-CN');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '商机' }).waitFor();
    await page.getByRole('columnheader', { name: /名称/ }).waitFor();
    await page.getByRole('columnheader', { name: /金额/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await studio.screenshot(page, 'list-zh-CN');
  });
});
