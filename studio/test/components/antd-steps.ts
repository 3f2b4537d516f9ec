import { waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * antd controls driven as a user drives them (jsdom): a Select opens on click and lists its options
 * (all in the DOM: the studio's Select is not virtual), each with its value on `data-value` as a
 * native `<option value>` has it; a DatePicker takes typed text in its format, confirmed by Enter.
 */

/** The list of this select's own popup, looked up again on each try ("searching…" is a listbox of its own). */
const listOf = (combobox: HTMLElement) => document.getElementById(`${combobox.id}_list`) ?? document.createElement('div');

export function optionOf(combobox: HTMLElement, name: string): Promise<HTMLElement> {
  return waitFor(() => within(listOf(combobox)).getByRole('option', { name }));
}

async function opened(user: UserEvent, combobox: HTMLElement): Promise<HTMLElement[]> {
  if (combobox.getAttribute('aria-expanded') !== 'true') await user.click(combobox);
  return waitFor(() => {
    const options = within(listOf(combobox)).getAllByRole('option');
    return options;
  });
}

/** Picks the option named `name`. */
export async function chooseOption(user: UserEvent, combobox: HTMLElement, name: string): Promise<void> {
  await user.click(combobox);
  await user.click(await optionOf(combobox, name));
}

/** Picks the option whose value is `value` (as `userEvent.selectOptions` does on a native select). */
export async function selectValue(user: UserEvent, combobox: HTMLElement, value: string): Promise<void> {
  const option = (await opened(user, combobox)).find((o) => o.getAttribute('data-value') === value);
  if (!option) throw new Error(`no option with value ${JSON.stringify(value)} in #${combobox.id}`);
  await user.click(option);
}

/** The names of the options offered, once opened (then closed again). */
export async function optionsOf(user: UserEvent, combobox: HTMLElement): Promise<string[]> {
  const names = (await opened(user, combobox)).map((o) => o.textContent ?? '');
  await user.keyboard('{Escape}');
  return names;
}

/** The values of the options offered. */
export async function optionValues(user: UserEvent, combobox: HTMLElement): Promise<string[]> {
  const values = (await opened(user, combobox)).map((o) => o.getAttribute('data-value') ?? '');
  await user.keyboard('{Escape}');
  return values;
}

/** What an antd Select shows as chosen (its input holds the search text, not the value). */
export const shownValue = (combobox: HTMLElement): string => combobox.closest('.ant-select')?.querySelector('.ant-select-content')?.textContent ?? '';

export async function typeDate(user: UserEvent, input: HTMLElement, text: string): Promise<void> {
  await user.click(input);
  await user.clear(input);
  await user.type(input, `${text}{Enter}`);
}

/** The options offered with their value and whether they can be chosen. */
export async function optionStates(user: UserEvent, combobox: HTMLElement): Promise<{ value: string; disabled: boolean }[]> {
  const states = (await opened(user, combobox)).map((o) => ({ value: o.getAttribute('data-value') ?? '', disabled: o.getAttribute('aria-disabled') === 'true' }));
  await user.keyboard('{Escape}');
  return states;
}
