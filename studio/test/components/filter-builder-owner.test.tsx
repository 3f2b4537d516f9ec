import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FilterBuilder } from '../../src/records/list/FilterBuilder.tsx';
import { chooseOption, deal, renderWith, shownValue, stubApi } from './records-fixture.tsx';

/**
 * The filter builder offers the record's owner (the system field shared views such as "My leads"
 * and the public pool filter on), and on user fields "Me": a saved view's `ownerId = $me` shows as
 * such, and one built in the builder is kept as `$me`, whoever applies it.
 */
describe('filter builder: the owner and "me"', () => {
  it('shows a saved view\'s owner condition by name and "Me" as its value, and applies it unchanged', async () => {
    stubApi([deal]);
    const onApply = vi.fn();
    renderWith(<FilterBuilder object={deal} conditions={[{ field: 'ownerId', op: 'eq', value: '$me' }]} onApply={onApply} />);
    expect(shownValue(screen.getByRole('combobox', { name: 'Filter 1 field' }))).toBe('Owner');
    expect(shownValue(screen.getByRole('combobox', { name: 'Filter 1 value' }))).toBe('Me (whoever views)');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledWith([{ field: 'ownerId', op: 'eq', value: '$me' }]);
  });

  it('builds "owner is me" from the field list and the user search', async () => {
    stubApi([deal], (c) => (/\busers\(/.test(c.query) ? { data: { users: [{ id: '01a24700-0000-7000-8000-0000000000aa', name: 'Mia Manager', email: 'mia@example.com' }] } } : { data: {} }));
    const onApply = vi.fn();
    const user = userEvent.setup();
    renderWith(<FilterBuilder object={deal} conditions={[]} onApply={onApply} />);
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await chooseOption(user, screen.getByRole('combobox', { name: 'Filter 1 field' }), 'Owner');
    await chooseOption(user, screen.getByRole('combobox', { name: 'Filter 1 value' }), 'Me (whoever views)');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(onApply).toHaveBeenCalled());
    expect(onApply.mock.calls.at(-1)![0]).toEqual([expect.objectContaining({ field: 'ownerId', op: 'eq', value: '$me' })]);
  });
});
