import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RecordForm } from '../../src/records/form/RecordForm.tsx';
import { FieldValue } from '../../src/records/record/FieldValue.tsx';
import { reverseLookups } from '../../src/records/record/RelatedLists.tsx';
import { fieldSelection } from '../../src/records/data/selection.ts';
import { fieldMeta, objectMeta, optionOf, renderWith, stubApi } from './records-fixture.tsx';
import { M2M_FIXTURES } from './many-to-many.fixture.ts';

/**
 * The manyToMany widget (issue 13, item 9): several records of the target picked by search, shown
 * as removable tags; a create sends the ids, an update sends them as {set}; the record page lists
 * the linked records as links, and the target's page lists the records linking to it.
 */
const VIP = '0190a5e0-0000-7000-8000-0000000000a1';
const HOT = '0190a5e0-0000-7000-8000-0000000000a2';
const tag = objectMeta('tag', 'Tag', [fieldMeta({ name: 'name', type: 'text', label: 'Tag name', required: true })]);
const person = objectMeta('person', 'Person', [fieldMeta({ name: 'name', type: 'text', label: 'Name' }), ...M2M_FIXTURES]);

const api = (record?: Record<string, unknown>) => stubApi([person, tag], (call) => {
  if (call.query.includes('tags(')) return { data: { tags: { nodes: [{ id: VIP, name: 'vip' }, { id: HOT, name: 'hot' }] } } };
  if (call.query.includes('createPerson')) return { data: { createPerson: { id: 'p1', ...call.variables!.d } } };
  if (call.query.includes('updatePerson')) return { data: { updatePerson: { ...record } } };
  return { data: {} };
});

describe('the manyToMany widget', () => {
  it('picks several records by search; a create sends their ids', async () => {
    const user = userEvent.setup();
    const calls = api();
    const onSaved = vi.fn();
    renderWith(<RecordForm object={person} onSaved={onSaved} />);
    await user.type(screen.getByLabelText('Name'), 'Ann');
    const box = screen.getByRole('combobox', { name: 'Tags' });
    await user.type(box, 'v');
    await user.click(await optionOf(box, 'vip'));
    await user.type(box, 'h');
    await user.click(await optionOf(box, 'hot'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const create = calls.find((c) => c.query.includes('createPerson'))!;
    expect(create.variables!.d).toEqual({ name: 'Ann', tags: [VIP, HOT] });
  });

  it('starts from the linked records (by name) and sends the whole set as {set} on update', async () => {
    const user = userEvent.setup();
    const record = { id: 'p1', updatedAt: '2026-01-01T00:00:00.000Z', name: 'Ann', tags: { totalCount: 1, nodes: [{ id: VIP, name: 'vip' }] } };
    const calls = api(record);
    const onSaved = vi.fn();
    renderWith(<RecordForm object={person} record={record as never} onSaved={onSaved} />);
    const box = screen.getByRole('combobox', { name: 'Tags' });
    expect(box.closest('.ant-select')!.textContent).toContain('vip');
    await user.type(box, 'h');
    await user.click(await optionOf(box, 'hot'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const update = calls.find((c) => c.query.includes('updatePerson'))!;
    expect(update.variables).toEqual({ id: 'p1', d: { tags: { set: [VIP, HOT] } } });
  });

  it('shows the linked records as links on the record page; reads them with their names; the target lists its sources', () => {
    renderWith(<FieldValue field={M2M_FIXTURES[0]} record={{ id: 'p1', tags: { totalCount: 2, nodes: [{ id: VIP, name: 'vip' }, { id: HOT, name: 'hot' }] } } as never} />);
    const list = screen.getByRole('list', { name: 'Tags' });
    expect(within(list).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['vip', `/o/tag/${VIP}`], ['hot', `/o/tag/${HOT}`]]);
    expect(fieldSelection(M2M_FIXTURES[0], [person, tag])).toBe('tags(first: 100) { totalCount nodes { id name } }');
    expect(reverseLookups(tag, [person, tag]).map((r) => `${r.source.name}.${r.field.name}`)).toEqual(['person.tags']);
  });
});
