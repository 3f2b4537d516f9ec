import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FieldForm } from '../../src/setup/objects/fields/FieldForm.tsx';
import { optionsOf, optionValues, selectValue } from './antd-steps.ts';
import { objectMeta, renderWith, stubMetadata } from './objects-support.tsx';

const noop = () => {};
const OBJECTS = [objectMeta('account'), objectMeta('lead', [{ name: 'fullName', type: 'TEXT', label: 'Full name' }])];

async function chooseType(type: string) {
  const user = userEvent.setup();
  const select = await screen.findByLabelText('Field type');
  await waitFor(async () => expect((await optionValues(user, select)).length).toBeGreaterThan(10));
  await selectValue(user, select, type);
}

describe('field form: type-specific options', () => {
  it('offers every platform field type', async () => {
    stubMetadata({ objects: OBJECTS });
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    const select = await screen.findByLabelText('Field type');
    const user = userEvent.setup();
    await waitFor(async () => expect(await optionValues(user, select)).toEqual(expect.arrayContaining(['TEXT', 'NUMBER', 'SELECT', 'MULTI_SELECT', 'LOOKUP', 'MASTER_DETAIL', 'CURRENCY', 'BOOLEAN', 'DATE'])));
  });

  it('text has a maximum length and no digits; number has precision and scale and no length', async () => {
    stubMetadata({ objects: OBJECTS });
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    await chooseType('TEXT');
    expect(screen.getByLabelText('Maximum length')).toBeTruthy();
    expect(screen.queryByLabelText('Precision (total digits)')).toBeNull();
    await chooseType('NUMBER');
    expect(screen.getByLabelText('Precision (total digits)')).toBeTruthy();
    expect(screen.getByLabelText('Scale (digits after the point)')).toBeTruthy();
    expect(screen.queryByLabelText('Maximum length')).toBeNull();
    await chooseType('CURRENCY');
    expect(screen.getByLabelText('Currency code')).toBeTruthy();
  });

  it('offers Unique only for types that can be unique', async () => {
    stubMetadata({ objects: OBJECTS });
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    await chooseType('EMAIL');
    expect(screen.getByLabelText('Unique')).toBeTruthy();
    await chooseType('BOOLEAN');
    expect(screen.queryByLabelText('Unique')).toBeNull();
    expect(await optionsOf(userEvent.setup(), screen.getByLabelText('Default value'))).toEqual(['(none)', 'Yes', 'No']);
  });

  it('select edits values row by row: add, fill, remove; the default value is one of them', async () => {
    stubMetadata({ objects: OBJECTS });
    const user = userEvent.setup();
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    await chooseType('SELECT');
    await user.type(await screen.findByLabelText('Value 1'), 'hot');
    await user.type(screen.getByLabelText('Label 1'), 'Hot');
    await user.click(screen.getByRole('button', { name: 'Add value' }));
    await user.type(screen.getByLabelText('Value 2'), 'cold');
    await user.type(screen.getByLabelText('Label 2 (中文)'), '冷');
    const defaults = screen.getByLabelText('Default value');
    expect(await optionsOf(user, defaults)).toEqual(['(none)', 'Hot', 'cold']);
    await user.click(screen.getByRole('button', { name: 'Remove value 1' }));
    expect(screen.getByLabelText<HTMLInputElement>('Value 1').value).toBe('cold');
    expect(screen.queryByLabelText('Value 2')).toBeNull();
  });

  it('lookup chooses a target among the objects and what deleting it does', async () => {
    stubMetadata({ objects: OBJECTS });
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    await chooseType('LOOKUP');
    const target = screen.getByLabelText('Target object');
    const user = userEvent.setup();
    await waitFor(async () => expect(await optionValues(user, target)).toEqual(['', 'account', 'lead']));
    expect(await optionValues(user, screen.getByLabelText('When the target record is deleted'))).toEqual(['', 'SET_NULL', 'RESTRICT', 'CASCADE']);
    await chooseType('MASTER_DETAIL');
    expect(screen.getByLabelText('Target object')).toBeTruthy();
    expect(screen.queryByLabelText('When the target record is deleted')).toBeNull();
  });

  it('sends createField with the type options, labels in both languages and a typed default', async () => {
    const calls = stubMetadata({ objects: OBJECTS, mutation: () => ({ data: { createField: { name: 'stage' } } }) });
    const user = userEvent.setup();
    let done = false;
    renderWith(<FieldForm object="lead" onDone={() => { done = true; }} onCancel={noop} />);
    await chooseType('SELECT');
    await user.type(screen.getByLabelText('Field API name'), 'stage');
    await user.type(screen.getByLabelText('Field label'), 'Stage');
    await user.type(screen.getByLabelText('Field label (中文)'), '阶段');
    await user.type(screen.getByLabelText('Value 1'), 'open');
    await user.type(screen.getByLabelText('Label 1'), 'Open');
    await user.click(screen.getByLabelText('Required'));
    await selectValue(user, screen.getByLabelText('Default value'), 'open');
    await user.click(screen.getByRole('button', { name: 'Create field' }));
    await waitFor(() => expect(done).toBe(true));
    const create = calls.find((c) => c.query.includes('createField'))!;
    expect(create.variables).toEqual({
      object: 'lead',
      input: { name: 'stage', type: 'SELECT', label: { en: 'Stage', 'zh-CN': '阶段' }, required: true, unique: false, defaultValue: 'open', options: [{ value: 'open', label: { en: 'Open' } }] },
    });
  });

  it('an auto-number takes its format (never required, unique by itself); a rating its highest rating', async () => {
    const calls = stubMetadata({ objects: OBJECTS, mutation: () => ({ data: { createField: { name: 'no' } } }) });
    const user = userEvent.setup();
    let done = false;
    renderWith(<FieldForm object="lead" onDone={() => { done = true; }} onCancel={noop} />);
    await chooseType('RATING');
    expect(screen.getByLabelText('Highest rating')).toHaveProperty('placeholder', '1–10');
    expect(screen.queryByLabelText('Number format')).toBeNull();
    await chooseType('AUTO_NUMBER');
    expect(screen.queryByLabelText('Highest rating')).toBeNull();
    await user.type(screen.getByLabelText('Field API name'), 'no');
    fireEvent.change(screen.getByLabelText('Number format'), { target: { value: 'INV-{YYYY}-{00000}' } });
    await user.click(screen.getByRole('button', { name: 'Create field' }));
    await waitFor(() => expect(done).toBe(true));
    const create = calls.find((c) => c.query.includes('createField'))!;
    expect(create.variables!.input).toMatchObject({ name: 'no', type: 'AUTO_NUMBER', format: 'INV-{YYYY}-{00000}' });
  });

  it('file, image and signature take the largest size and the accepted types; other types have neither', async () => {
    const calls = stubMetadata({ objects: OBJECTS, mutation: () => ({ data: { createField: { name: 'contract' } } }) });
    const user = userEvent.setup();
    let done = false;
    renderWith(<FieldForm object="lead" onDone={() => { done = true; }} onCancel={noop} />);
    await chooseType('TEXT');
    expect(screen.queryByLabelText('Largest file (bytes)')).toBeNull();
    expect(screen.queryByLabelText('Accepted types (MIME, comma-separated)')).toBeNull();
    for (const type of ['IMAGE', 'SIGNATURE', 'FILE']) {
      await chooseType(type);
      expect(screen.getByLabelText('Largest file (bytes)')).toBeTruthy();
      expect(screen.getByLabelText('Accepted types (MIME, comma-separated)')).toHaveProperty('placeholder', 'application/pdf, image/*');
    }
    await user.type(screen.getByLabelText('Field API name'), 'contract');
    fireEvent.change(screen.getByLabelText('Largest file (bytes)'), { target: { value: 'big' } });
    await user.click(screen.getByRole('button', { name: 'Create field' }));
    await waitFor(() => expect(screen.getByLabelText('Largest file (bytes)').getAttribute('aria-invalid')).toBe('true'));
    expect(calls.some((c) => c.query.includes('createField'))).toBe(false);
    fireEvent.change(screen.getByLabelText('Largest file (bytes)'), { target: { value: '2000000' } });
    fireEvent.change(screen.getByLabelText('Accepted types (MIME, comma-separated)'), { target: { value: 'application/pdf, Image/*  text/plain' } });
    // By its text: after the refusal, jsdom's role query did not find the button again.
    await user.click(screen.getByText('Create field'));
    await waitFor(() => expect(done).toBe(true));
    const create = calls.find((c) => c.query.includes('createField'))!;
    expect(create.variables!.input).toMatchObject({ name: 'contract', type: 'FILE', maxSize: 2000000, accept: ['application/pdf', 'image/*', 'text/plain'] });
  });

  it('a roll-up: children from the lookups pointing here, an aggregate, the child\'s number field (not for COUNT), a filter', async () => {
    const opportunity = objectMeta('opportunity', [{ name: 'account', type: 'LOOKUP', label: 'Account' }, { name: 'amount', type: 'NUMBER', label: 'Amount' }, { name: 'stage', type: 'TEXT', label: 'Stage' }]);
    opportunity.fields[0].target = 'account' as never;
    const elsewhere = objectMeta('note', [{ name: 'lead', type: 'LOOKUP', label: 'Lead' }]);
    elsewhere.fields[0].target = 'lead' as never;
    const calls = stubMetadata({ objects: [...OBJECTS, opportunity, elsewhere], mutation: () => ({ data: { createField: { name: 'won' } } }) });
    const user = userEvent.setup();
    let done = false;
    renderWith(<FieldForm object="account" onDone={() => { done = true; }} onCancel={noop} />);
    await chooseType('ROLLUP');
    await user.type(screen.getByLabelText('Field API name'), 'won');
    const relation = screen.getByLabelText('Children (object · lookup)');
    expect(await optionValues(user, relation)).toEqual(['', 'opportunity.account']);
    await selectValue(user, relation, 'opportunity.account');
    const aggregate = screen.getByLabelText('Aggregate');
    await selectValue(user, aggregate, 'COUNT');
    expect(screen.queryByLabelText('Field aggregated')).toBeNull();
    await selectValue(user, aggregate, 'SUM');
    const field = screen.getByLabelText('Field aggregated');
    expect(await optionValues(user, field)).toEqual(['', 'amount']);
    await selectValue(user, field, 'amount');
    fireEvent.change(screen.getByLabelText('Only children where'), { target: { value: 'stage = "won"' } });
    await user.click(screen.getByRole('button', { name: 'Create field' }));
    await waitFor(() => expect(done).toBe(true));
    const create = calls.find((c) => c.query.includes('createField'))!;
    expect(create.variables!.input).toMatchObject({ name: 'won', type: 'ROLLUP', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' });
  });

  it('refuses a number default that is not a number before sending anything', async () => {
    const calls = stubMetadata({ objects: OBJECTS });
    const user = userEvent.setup();
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    await chooseType('NUMBER');
    await user.type(screen.getByLabelText('Field API name'), 'amount');
    await user.type(screen.getByLabelText('Precision (total digits)'), 'ten');
    await user.click(screen.getByRole('button', { name: 'Create field' }));
    expect(await screen.findByText('Not a number')).toBeTruthy();
    expect(screen.getByLabelText('Precision (total digits)').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.query.includes('createField'))).toBe(false);
  });
});

describe('field form: errors from /metadata next to their inputs', () => {
  it('maps pointers to the inputs, nested option rows included, and shows the rest in an alert', async () => {
    stubMetadata({
      objects: OBJECTS,
      mutation: () => ({
        errors: [{
          message: 'Invalid field', extensions: {
            code: 'VALIDATION_FAILED', errors: [
              { pointer: '/name', message: 'must be an API name: a lower-case letter, then letters and digits, at most 63 characters' },
              { pointer: '/options/1/value', message: 'must start with a letter and hold only letters, digits and _' },
              { pointer: '/label/zh-CN', message: 'must be a label' },
              { pointer: '/somethingElse', message: 'is not a known property' },
            ],
          },
        }],
      }),
    });
    const user = userEvent.setup();
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />);
    await chooseType('SELECT');
    await user.type(screen.getByLabelText('Field API name'), 'Bad Name');
    await user.type(screen.getByLabelText('Value 1'), 'ok');
    await user.click(screen.getByRole('button', { name: 'Add value' }));
    await user.type(screen.getByLabelText('Value 2'), '9lives');
    await user.click(screen.getByRole('button', { name: 'Create field' }));

    const name = screen.getByLabelText('Field API name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toMatch(/must be an API name/);
    const value2 = screen.getByLabelText('Value 2');
    expect(value2.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(value2.getAttribute('aria-describedby')!)!.textContent).toMatch(/must start with a letter/);
    expect(screen.getByLabelText('Value 1').getAttribute('aria-invalid')).toBeNull();
    const zh = screen.getByLabelText('Field label (中文)');
    expect(document.getElementById(zh.getAttribute('aria-describedby')!)!.textContent).toBe('must be a label');
    const alert = screen.getAllByRole('alert').find((a) => a.classList.contains('form-alert'))!;
    expect(alert.textContent).toContain('/somethingElse: is not a known property');
    expect(document.activeElement).toBe(name);
  });

  it('speaks Chinese in zh-CN', async () => {
    stubMetadata({ objects: OBJECTS });
    renderWith(<FieldForm object="lead" onDone={noop} onCancel={noop} />, 'zh-CN');
    expect(await screen.findByLabelText('字段 API 名称')).toBeTruthy();
    expect(screen.getByRole('button', { name: '创建字段' })).toBeTruthy();
  });
});
