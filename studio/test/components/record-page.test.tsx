import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/graphql.ts';
import { highlightFields, HIGHLIGHTS_MAX, stageField } from '../../src/records/data/highlights.ts';
import { StagePath } from '../../src/records/record/StagePath.tsx';
import { fieldMeta, objectMeta, renderWith } from './records-fixture.tsx';

const options = (...values: string[]) => values.map((value) => ({ value, label: value[0].toUpperCase() + value.slice(1), color: null }));
const select = (name: string, values: string[]) => fieldMeta({ name, type: 'select', label: name, options: options(...values) });

describe('record page: which select field is the stage path (from metadata)', () => {
  it('is a select named stage, or ending in Stage, before one named status or ending in Status', () => {
    expect(stageField(objectMeta('deal', 'Deal', [select('status', ['a', 'b']), select('stage', ['open', 'won'])]))?.name).toBe('stage');
    expect(stageField(objectMeta('deal', 'Deal', [select('dealStage', ['open', 'won'])]))?.name).toBe('dealStage');
    expect(stageField(objectMeta('lead', 'Lead', [select('leadStatus', ['new', 'working'])]))?.name).toBe('leadStatus');
  });

  it('is none for other names, other types, or fewer than two options', () => {
    expect(stageField(objectMeta('show', 'Show', [select('backstage', ['a', 'b']), select('priority', ['a', 'b'])]))).toBeUndefined();
    expect(stageField(objectMeta('deal', 'Deal', [fieldMeta({ name: 'stage', type: 'text', label: 'Stage' })]))).toBeUndefined();
    expect(stageField(objectMeta('deal', 'Deal', [select('stage', ['only'])]))).toBeUndefined();
  });
});

describe('record page: the highlights panel\'s key fields (from metadata)', () => {
  const fields = [
    fieldMeta({ name: 'name', type: 'text', label: 'Name' }), select('stage', ['open', 'won']),
    fieldMeta({ name: 'amount', type: 'number', label: 'Amount' }), fieldMeta({ name: 'notes', type: 'longText', label: 'Notes' }),
    fieldMeta({ name: 'closeOn', type: 'date', label: 'Close' }), fieldMeta({ name: 'email', type: 'email', label: 'Email' }),
    fieldMeta({ name: 'phone', type: 'phone', label: 'Phone' }), fieldMeta({ name: 'seats', type: 'integer', label: 'Seats' }),
    fieldMeta({ name: 'won', type: 'boolean', label: 'Won' }), fieldMeta({ name: 'tags', type: 'multiSelect', label: 'Tags', options: options('a') }),
  ];

  it('are the list columns the admin chose, without the name (the title), the stage (the path), long types and unknown columns', () => {
    const object = objectMeta('deal', 'Deal', fields, { listColumns: [{ field: 'name' }, { field: 'stage' }, { field: 'closeOn' }, { field: 'notes' }, { field: 'createdAt' }, { field: 'amount' }] });
    expect(highlightFields(object).map((f) => f.name)).toEqual(['closeOn', 'amount']);
  });

  it('are the layout\'s fields in order without list columns, else the object\'s, at most HIGHLIGHTS_MAX', () => {
    const laidOut = objectMeta('deal', 'Deal', fields, { layout: { sections: [{ fields: [{ field: 'seats' }, { field: 'name' }] }, { fields: [{ field: 'email' }, { field: 'tags' }] }] } });
    expect(highlightFields(laidOut).map((f) => f.name)).toEqual(['seats', 'email']);
    const plain = objectMeta('deal', 'Deal', fields);
    expect(highlightFields(plain).map((f) => f.name)).toEqual(['amount', 'closeOn', 'email', 'phone', 'seats']);
    expect(HIGHLIGHTS_MAX).toBe(5);
  });
});

describe('record page: the stage path', () => {
  const stage = select('stage', ['prospecting', 'proposal', 'won']);
  const record = { id: 'd1', stage: 'proposal' };

  it('marks the current stage and saves a clicked one through the update it is given', async () => {
    const user = userEvent.setup();
    const save = vi.fn(async () => ({}));
    renderWith(<StagePath field={stage} record={record} canMove save={save} />);
    const path = screen.getByRole('region', { name: 'stage path' });
    expect(within(path).getByRole('button', { name: 'Proposal' }).getAttribute('aria-current')).toBe('step');
    await user.click(within(path).getByRole('button', { name: 'Won' }));
    expect(save).toHaveBeenCalledWith({ stage: 'won' });
  });

  it('shows the save pipeline\'s refusal under the path', async () => {
    const user = userEvent.setup();
    const save = vi.fn(async () => { throw new ApiError(200, [{ message: 'A won deal needs an amount', extensions: { code: 'VALIDATION_FAILED' } }]); });
    renderWith(<StagePath field={stage} record={record} canMove save={save} />);
    await user.click(screen.getByRole('button', { name: 'Won' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Could not move to Won: A won deal needs an amount');
  });

  it('is read-only without the right to update', () => {
    renderWith(<StagePath field={stage} record={record} canMove={false} save={vi.fn()} />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText('Won')).toBeTruthy();
  });
});
