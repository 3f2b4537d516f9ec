import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/** An administrator creates a validation rule in the object manager; a save that breaks it is refused with the rule's message next to its field. */
let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('validation-rules');
  await studio.metadata(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, {
    d: { objects: [{ name: 'shipment', fields: [{ name: 'name', type: 'text', required: true }, { name: 'quantity', type: 'integer' }] }] },
  });
});
afterAll(() => studio?.close());

describe('validation rules in the studio', () => {
  it('creates a rule (a bad expression refused next to it), then a record breaking it is refused next to its field', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/objects/shipment?tab=rules');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const form = page.getByRole('dialog', { name: 'New validation rule' });
    await form.getByLabel('API name').fill('quantityPositive');
    await selectOption(form.getByLabel('Show the message on'), { label: 'Quantity (quantity)' });
    const assert = form.getByLabel(/^Must hold/);
    await assert.fill('quantity >');
    await form.getByLabel('Message', { exact: true }).fill('Ship at least one');
    await form.getByLabel('Message (中文)').fill('数量至少为一');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => assert.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await assert.getAttribute('aria-describedby')}`).textContent()).toMatch(/line 1, column/);
    await studio.screenshot(page, 'rule-expression-refused');

    await assert.fill('quantity > 0');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'quantity > 0' }).waitFor();
    await studio.screenshot(page, 'rule-created');

    await page.goto('/o/shipment/new');
    await page.getByRole('heading', { name: 'New Shipment' }).waitFor();
    await page.getByLabel('Name').fill('Pallets');
    await page.getByLabel('Quantity').fill('-2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Ship at least one').waitFor();
    await expect.poll(() => page.getByLabel('Quantity').getAttribute('aria-invalid')).toBe('true');
    const describedBy = await page.getByLabel('Quantity').getAttribute('aria-describedby');
    expect(describedBy && await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toContain('Ship at least one');
    await studio.screenshot(page, 'record-refused-by-rule');
    expect((await studio.data('{ shipments { totalCount } }')).shipments.totalCount).toBe(0);

    await page.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await studio.data('{ shipments { totalCount } }')).shipments.totalCount).toBe(1);
  });
});
