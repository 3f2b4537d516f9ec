import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../src/api/metadata.ts';
import * as model from '../../src/setup/objects/layout/layout-model.ts';
import { LayoutTab } from '../../src/setup/objects/layout/LayoutTab.tsx';
import { selectValue } from './antd-steps.ts';
import { objectMeta, renderWith, stubMetadata } from './objects-support.tsx';

const FIELDS = [{ name: 'fullName', type: 'TEXT', label: 'Full name' }, { name: 'email', type: 'EMAIL', label: 'Email' }, { name: 'notes', type: 'LONG_TEXT', label: 'Notes' }];
const lead = (extra: Record<string, unknown> = {}) => objectMeta('lead', FIELDS, extra) as unknown as ObjectMeta;

describe('layout model', () => {
  it('starts from every field in one two-column section when there is no layout', () => {
    const state = model.fromObject(lead());
    expect(state.sections.map((s) => [s.columns, s.fields.map((f) => f.field)])).toEqual([[2, ['fullName', 'email', 'notes']]]);
    expect(model.toInput(state)).toEqual({ layout: { sections: [{ columns: 2, fields: [{ field: 'fullName' }, { field: 'email' }, { field: 'notes' }] }] } });
  });

  it('moves fields between sections, back to the palette, and keeps per-form flags', () => {
    let state = model.addSection(model.fromObject(lead()), 'More');
    state = model.toggleFlag(state, 'email', 'required');
    state = model.placeField(state, 'email', 1);
    state = model.placeField(state, 'fullName', 1, 0);
    state = model.unplaceField(state, 'notes');
    state = model.addColumn(model.addColumn(state, 'email'), 'createdAt');
    state = model.moveColumn(model.setColumnWidth(state, 'email', 180), 1, 0);
    expect(model.toInput(state)).toEqual({
      layout: { sections: [{ columns: 2, fields: [] }, { label: { en: 'More' }, columns: 2, fields: [{ field: 'fullName' }, { field: 'email', required: true }] }] },
      listColumns: [{ field: 'createdAt' }, { field: 'email', width: 180 }],
    });
    expect(model.sectionOf(state, 'notes')).toBe(-1);
  });
});

describe('layout editor', () => {
  it('saves sections and list columns with updateObject', async () => {
    const calls = stubMetadata({ objects: [lead()], mutation: () => ({ data: { updateObject: { name: 'lead' } } }) });
    const user = userEvent.setup();
    renderWith(<LayoutTab object={lead()} />);
    await user.click(screen.getByRole('button', { name: 'Add section' }));
    await user.clear(screen.getByLabelText('Section 2 label'));
    await user.type(screen.getByLabelText('Section 2 label'), 'Details');
    await selectValue(user, screen.getByLabelText('Section of Notes'), '1');
    await user.click(screen.getByLabelText('Read-only on this form: Notes'));
    await user.click(screen.getByRole('button', { name: 'Move Email up' }));
    await user.click(screen.getByRole('button', { name: 'Remove Full name from the form' }));
    expect(within(screen.getByRole('complementary')).getByText('Full name')).toBeTruthy();
    await selectValue(user, screen.getByLabelText('Column to add'), 'email');
    await user.click(screen.getByRole('button', { name: 'Add column' }));
    await user.type(screen.getByLabelText('Width of Email (px)'), '220');
    await user.click(screen.getByRole('button', { name: 'Save layout' }));
    await screen.findByText('Layout saved.');
    expect(calls.find((c) => c.query.includes('updateObject'))!.variables).toEqual({
      name: 'lead',
      input: {
        layout: { sections: [{ columns: 2, fields: [{ field: 'email' }] }, { label: { en: 'Details' }, columns: 2, fields: [{ field: 'notes', readOnly: true }] }] },
        listColumns: [{ field: 'email', width: 220 }],
      },
    });
  });

  it('shows a refused width next to its input and a refused field next to it', async () => {
    stubMetadata({
      objects: [lead()],
      mutation: () => ({ errors: [{ message: 'Invalid object', extensions: { code: 'VALIDATION_FAILED', errors: [
        { pointer: '/listColumns/0/width', message: 'must be >= 40' },
        { pointer: '/layout/sections/0/fields/1/field', message: '"email" is not a field of lead' },
      ] } }] }),
    });
    const user = userEvent.setup();
    renderWith(<LayoutTab object={lead({ listColumns: [{ field: 'email', width: 10 }] })} />);
    await user.click(screen.getByRole('button', { name: 'Save layout' }));
    const width = screen.getByLabelText('Width of Email (px)');
    await waitFor(() => expect(width.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(width.getAttribute('aria-describedby')!)!.textContent).toBe('must be >= 40');
    const item = screen.getByRole('button', { name: 'Drag Email' }).closest('li')!;
    expect(within(item).getByRole('alert').textContent).toBe('"email" is not a field of lead');
  });
});
