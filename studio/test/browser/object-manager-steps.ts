import type { Page } from 'playwright-core';
import { selectOption } from './antd.ts';

/** In the object manager's Fields tab: adds a field through the "Add field" dialog and waits for its row. */
export async function addField(page: Page, values: { name: string; type: string; label: string; labelZh?: string; required?: boolean; fill?: (page: Page) => Promise<void> }) {
  await page.getByRole('button', { name: 'Add field' }).click();
  const form = page.getByRole('dialog', { name: 'Add field' });
  await selectOption(form.getByLabel('Field type'), values.type);
  await form.getByLabel('Field API name').fill(values.name);
  await form.getByLabel('Field label', { exact: true }).fill(values.label);
  if (values.labelZh) await form.getByLabel('Field label (中文)', { exact: true }).fill(values.labelZh);
  if (values.required) await form.getByLabel('Required', { exact: true }).check();
  await values.fill?.(page);
  await form.getByRole('button', { name: 'Create field' }).click();
  await page.locator(`tbody tr[data-field="${values.name}"]`).waitFor();
}
