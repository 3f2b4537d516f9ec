import type { Locator, Page } from 'playwright-core';

/**
 * Steps for Ant Design's controls, which are not native elements: a Select is a combobox input with
 * a listbox in a popup, confirmations are modal dialogs rather than `window.confirm`. Each step does
 * what a user does (open, click the option, click the button) and finds things by role and name.
 */

/**
 * Picks an option of the antd Select whose combobox is `select`, as Playwright's `selectOption` does
 * on a native select: a string is a value (`data-value`) or else a label; `{label}` is a label only.
 */
export async function selectOption(select: Locator, option: string | { label: string }): Promise<void> {
  const id = await select.getAttribute('id');
  if (!id) throw new Error('selectOption: the combobox has no id (is it an antd Select?)');
  // The click goes to the select's frame: the input itself may be as narrow as its text.
  await select.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  const list = select.page().locator(`[id="${id}_list"]`);
  await list.waitFor();
  const byValue = list.locator(`[role="option"][data-value="${typeof option === 'string' ? option : ''}"]`);
  const item = typeof option === 'string' && (await byValue.count()) > 0
    ? byValue
    : list.getByRole('option', { name: typeof option === 'string' ? option : option.label, exact: true });
  await item.click();
  // On a loaded machine a click can land while the popup is still animating in and be lost: click
  // again while the option is not chosen; once it is, a popup left open is closed like a user would.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await list.waitFor({ state: 'hidden', timeout: 4_000 });
      return;
    } catch {
      if ((await item.getAttribute('aria-selected')) === 'true') await select.press('Escape').catch(() => {});
      else await item.click({ timeout: 4_000 }).catch(() => {});
    }
  }
  await list.waitFor({ state: 'hidden' });
}

/** Types a date (or date and time) into an antd DatePicker the way its format reads, and confirms it. */
export async function fillDate(picker: Locator, text: string): Promise<void> {
  await picker.click();
  await picker.fill(text);
  await picker.press('Enter');
}

/**
 * Waits until `element` (a modal, drawer or popover) has finished its opening motion: antd zooms and
 * slides them in, and on a loaded machine a click during that motion can be lost.
 */
export async function settled(element: Locator): Promise<Locator> {
  await element.waitFor();
  await element.evaluate(async (el) => {
    const moving = (node: Element) => /-(appear|enter)(-active)?\b/.test(node.className) || node.getAnimations({ subtree: true }).some((a) => a.playState === 'running');
    for (let i = 0; i < 200 && moving(el); i++) await new Promise((r) => setTimeout(r, 50));
  });
  return element;
}

/** Confirms the modal dialog named `title` (an antd confirm) with its button named `button`. */
export async function confirmDialog(page: Page, title: string | RegExp, button: string | RegExp): Promise<void> {
  const dialog = await settled(page.getByRole('dialog', { name: title }));
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden' });
}
