import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RecordForm } from '../../src/records/form/RecordForm.tsx';
import { formFields, formSections } from '../../src/records/form/layout.ts';
import { account, deal, fieldMeta, objectMeta, renderWith, stubApi, type Call } from './records-fixture.tsx';

/** The deal without its master-detail field (always required), for tests about other fields. */
const looseDeal = objectMeta('deal', 'Deal', deal.fields.filter((f) => f.type !== 'masterDetail'));

function errorOf(input: HTMLElement): string {
  expect(input.getAttribute('aria-invalid')).toBe('true');
  return (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function setup(handler: (c: Call) => unknown = () => ({ data: {} }), language: 'en' | 'zh-CN' = 'en', object = looseDeal) {
  const calls = stubApi([object, account], handler);
  const onSaved = vi.fn();
  renderWith(<RecordForm object={object} onSaved={onSaved} />, { language });
  return { calls, onSaved, mutations: () => calls.filter((c) => c.query.startsWith('mutation')) };
}

describe('form generator: validation in the browser (ajv over the fields\' valueSchemas)', () => {
  it('refuses a missing required field without calling the server, and links the message to the input', async () => {
    const user = userEvent.setup();
    const { mutations } = setup(undefined, 'en', deal);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const name = screen.getByLabelText('Name');
    await waitFor(() => expect(errorOf(name)).toContain('Name is required'));
    expect(errorOf(screen.getByLabelText('Parent account'))).toContain('Parent account is required');
    expect(screen.getByRole('alert').textContent).toBe('Fix the 2 highlighted fields before saving.');
    expect(document.activeElement).toBe(name);
    expect(mutations()).toHaveLength(0);
    await user.type(name, 'Fixed');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBeNull());
  });

  const cases: [string, string, string][] = [
    ['Seats', '1.5', 'Enter a whole number'],
    ['Seats', '99999999999', 'Must be at most 2147483647'],
    ['Weight', 'heavy', 'Enter a number'],
    ['Deal value', 'lots', 'Enter a number'],
    ['Email', 'not an email', 'Enter a valid email address'],
    ['Website', 'example.com', 'Enter a full web address (https://…)'],
    ['Website', 'javascript:alert(1)', 'This value is not in the expected format'],
    ['Phone', 'call me', 'This value is not in the expected format'],
    ['External id', 'abc', 'Enter a valid UUID'],
    ['Extra', '{"a": ', 'Enter valid JSON'],
    ['Place', '91', 'Must be at most 90'],
    ['Name', 'x'.repeat(256), 'At most 255 characters'],
  ];
  for (const [label, value, message] of cases) {
    it(`${label} = ${JSON.stringify(value.slice(0, 20))}: "${message}"`, async () => {
      const user = userEvent.setup();
      const { mutations } = setup();
      fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Named' } });
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
      if (label === 'Place') fireEvent.change(screen.getByLabelText('Longitude'), { target: { value: '0' } });
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(errorOf(screen.getByLabelText(label))).toContain(message));
      expect(mutations()).toHaveLength(0);
    });
  }

  it('refuses a currency code that is not three capitals', async () => {
    const user = userEvent.setup();
    setup();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'N' } });
    fireEvent.change(screen.getByLabelText('Deal value'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'E1' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf(screen.getByLabelText('Deal value'))).toContain('This value is not in the expected format'));
  });

  it('a required field with a default expression may be left empty on create (the server fills it), never on edit', async () => {
    const user = userEvent.setup();
    const call = objectMeta('call', 'Call', [
      fieldMeta({ name: 'subject', type: 'text', label: 'Subject', required: true }),
      { ...fieldMeta({ name: 'at', type: 'text', label: 'Time', required: true }), definition: { name: 'at', type: 'text', required: true, defaultExpression: 'TEXT(NOW())' } },
    ]);
    const { mutations } = setup(() => ({ data: { createCall: { id: 'c1', subject: 'Hello', at: 'now' } } }), 'en', call);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf(screen.getByLabelText('Subject'))).toContain('Subject is required'));
    expect(screen.getByLabelText('Time').getAttribute('aria-invalid')).toBeNull();
    expect(mutations()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Subject'), { target: { value: 'Hello' } });
    // The button's loading icon may still be leaving (its name then starts with "loading").
    await user.click(await screen.findByRole('button', { name: /Save$/ }));
    // Left out of the input: the server's default expression applies.
    await waitFor(() => expect(mutations()).toHaveLength(1));
    expect(mutations()[0]!.variables!.d).toEqual({ subject: 'Hello' });
    expect(formFields(formSections(call, 'en', { creating: false })).map((f) => f.required)).toEqual([true, true]);
  });

  it('speaks Chinese in zh-CN', async () => {
    const user = userEvent.setup();
    const zhDeal = objectMeta('deal', '交易', [fieldMeta({ name: 'name', type: 'text', label: '名称', required: true }), fieldMeta({ name: 'seats', type: 'integer', label: '席位' })]);
    setup(undefined, 'zh-CN', zhDeal);
    fireEvent.change(screen.getByLabelText('席位'), { target: { value: 'x' } });
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(errorOf(screen.getByLabelText('名称'))).toContain('名称为必填项'));
    expect(errorOf(screen.getByLabelText('席位'))).toContain('请输入整数');
  });
});

describe('form generator: the server\'s refusals land on their inputs', () => {
  it('VALIDATION_FAILED details go to the fields named by field or pointer; others to the form', async () => {
    const user = userEvent.setup();
    const { mutations } = setup(() => ({
      errors: [{
        message: 'Validation failed',
        extensions: { code: 'VALIDATION_FAILED', errors: [
          { pointer: '/data/email', field: 'email', message: 'This email is already used by another deal' },
          { pointer: '/data/stage', message: 'Stage cannot be won without a value' },
          { pointer: '/data', message: 'The deal is locked' },
        ] },
      }],
    }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Dup' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'taken@example.com' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf(screen.getByLabelText('Email'))).toContain('This email is already used by another deal'));
    expect(errorOf(screen.getByLabelText('Stage'))).toContain('Stage cannot be won without a value');
    expect(screen.getByRole('alert').textContent).toBe('The deal is locked');
    expect(mutations()).toHaveLength(1);
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
  });

  it('an error without details (e.g. FORBIDDEN) is shown as the form\'s alert', async () => {
    const user = userEvent.setup();
    setup(() => ({ errors: [{ message: 'You may not create deals', extensions: { code: 'FORBIDDEN' } }] }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'N' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You may not create deals');
  });
});

describe('form generator: layout', () => {
  const layoutDeal = objectMeta('deal', 'Deal', deal.fields, {
    layout: { sections: [
      { label: { en: 'Basics', zh_CN: '基本信息' }, columns: 1, fields: [{ field: 'name' }, { field: 'email', required: true }] },
      { label: 'Money', columns: 3, fields: [{ field: 'value' }, { field: 'seats', readOnly: true }] },
    ] },
  });

  it('renders the layout\'s sections and only its fields, with per-layout required and read-only', async () => {
    const user = userEvent.setup();
    const { mutations } = setup(undefined, 'en', layoutDeal);
    expect(screen.getAllByRole('group').map((g) => g.querySelector('legend')?.textContent)).toEqual(['Basics', 'Money']);
    expect(screen.queryByLabelText('Phone')).toBeNull();
    expect(screen.getByLabelText('Seats')).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Laid out' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf(screen.getByLabelText('Email'))).toContain('Email is required'));
    expect(mutations()).toHaveLength(0);
  });

  it('labels sections in the UI language', () => {
    setup(undefined, 'zh-CN', layoutDeal);
    expect(screen.getByText('基本信息').tagName).toBe('LEGEND');
  });
});
