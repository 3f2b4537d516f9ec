import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RecordForm } from '../../src/records/form/RecordForm.tsx';
import { account, ALL_TYPES, chooseOption, deal, optionOf, optionsOf, renderWith, shownValue, stubApi, typeDate, type Call } from './records-fixture.tsx';

const ACCOUNT_ID = '0190a5e0-0000-7000-8000-000000000001';
const USER_ID = '0190a5e0-0000-7000-8000-0000000000aa';

/** Answers lookups' searches, the users list and createDeal (echoing an id). */
function dealApi(call: Call) {
  if (call.query.includes('accounts(')) return { data: { accounts: { nodes: [{ id: ACCOUNT_ID, name: 'Acme' }, { id: '0190a5e0-0000-7000-8000-000000000002', name: 'Globex' }] } } };
  if (/\busers\(/.test(call.query)) return { data: { users: [{ id: USER_ID, name: 'Mia Manager', email: 'mia@example.com' }] } };
  if (call.query.includes('createDeal')) return { data: { createDeal: { id: 'new-id', ...call.variables!.d } } };
  return { data: {} };
}

function renderDealForm(onSaved = vi.fn(), language: 'en' | 'zh-CN' = 'en') {
  const calls = stubApi([deal, account], dealApi);
  renderWith(<RecordForm object={deal} onSaved={onSaved} />, { language });
  return { calls, onSaved, mutations: () => calls.filter((c) => c.query.startsWith('mutation')) };
}

const describedText = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');

describe('form generator: widgets', () => {
  it('renders a labelled widget for each of the first 21 field types (the ten of issue 13: form-fields-more.test.tsx)', async () => {
    const user = userEvent.setup();
    renderDealForm();
    expect(ALL_TYPES).toHaveLength(21);
    // richText is a formatting editor (TipTap, a lazy chunk): a multi-line textbox named by its label, with a toolbar.
    const pitch = await screen.findByRole('textbox', { name: 'Pitch' }, { timeout: 15_000 });
    expect(pitch.getAttribute('contenteditable')).toBe('true');
    expect(pitch.getAttribute('aria-multiline')).toBe('true');
    expect(within(screen.getByRole('toolbar', { name: 'Pitch formatting' })).getByRole('button', { name: 'Bold' })).toBeTruthy();
    // Each label names one control of the design system, by role (and the input type where it matters).
    const inputs: Record<string, [string, string | null]> = {
      Name: ['textbox', 'text'], Notes: ['textbox', null], Seats: ['spinbutton', null], Weight: ['spinbutton', null],
      'Deal value': ['spinbutton', null], Chance: ['spinbutton', null], Won: ['checkbox', 'checkbox'], 'Close date': ['textbox', null],
      'Next call': ['textbox', null], Email: ['textbox', 'email'], Phone: ['textbox', 'tel'], Website: ['textbox', 'url'],
      Stage: ['combobox', null], Extra: ['textbox', null], 'External id': ['textbox', 'text'], Place: ['spinbutton', null],
      Account: ['combobox', null], 'Parent account': ['combobox', null], Manager: ['combobox', null],
    };
    for (const [label, [role, type]] of Object.entries(inputs)) {
      const el = screen.getByLabelText(label, { exact: true });
      expect(screen.getByRole(role, { name: label }), label).toBe(el);
      if (type) expect(el.getAttribute('type') ?? 'text', label).toBe(type);
    }
    for (const label of ['Notes', 'Extra']) expect(screen.getByLabelText(label).tagName, label).toBe('TEXTAREA');
    // Dates are antd DatePickers (their calendar speaks the UI language), not the browser's date inputs.
    for (const label of ['Close date', 'Next call']) expect(screen.getByLabelText(label).closest('.ant-picker'), label).not.toBeNull();
    const tags = screen.getByRole('group', { name: 'Tags' });
    expect(within(tags).getAllByRole('checkbox').map((c) => c.closest('label')!.textContent)).toEqual(['Hot', 'VIP']);
    expect(screen.getByLabelText('Currency')).toHaveProperty('placeholder', 'USD');
    expect(screen.getByLabelText('Longitude')).toBeTruthy();
    expect(await optionsOf(user, screen.getByLabelText('Stage'))).toEqual(['— None —', 'Open', 'Closed won']);
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('submits every type converted to the API value its valueSchema accepts', async () => {
    const user = userEvent.setup();
    const { onSaved, mutations } = renderDealForm();
    await user.type(screen.getByLabelText('Name'), 'Big deal');
    await user.type(screen.getByLabelText('Notes'), 'Line one');
    // Pitch (rich text) is left empty: ProseMirror needs a real browser's layout to type into
    // (jsdom has no getClientRects); studio/test/browser/rich-text.test.ts types bold text in chromium.
    await screen.findByRole('textbox', { name: 'Pitch' }, { timeout: 15_000 });
    await user.type(screen.getByLabelText('Seats'), '12');
    await user.type(screen.getByLabelText('Weight'), '3.5');
    await user.type(screen.getByLabelText('Deal value'), '1500.25');
    expect(screen.getByLabelText('Currency')).toHaveProperty('value', 'USD');
    await user.clear(screen.getByLabelText('Currency'));
    await user.type(screen.getByLabelText('Currency'), 'eur');
    await user.type(screen.getByLabelText('Chance'), '40');
    await user.click(screen.getByLabelText('Won'));
    await typeDate(user, screen.getByLabelText('Close date'), '2026-05-01');
    await typeDate(user, screen.getByLabelText('Next call'), '2026-05-02 09:30');
    await user.type(screen.getByLabelText('Email'), 'a@b.co');
    await user.type(screen.getByLabelText('Phone'), '+86 21 5555 0000');
    await user.type(screen.getByLabelText('Website'), 'https://acme.example');
    await chooseOption(user, screen.getByLabelText('Stage'), 'Closed won');
    await user.click(screen.getByRole('checkbox', { name: 'VIP' }));
    fireEvent.change(screen.getByLabelText('Extra'), { target: { value: '{"a": [1, 2]}' } });
    await user.type(screen.getByLabelText('External id'), '0190a5e0-0000-7000-8000-0000000000ff');
    await user.type(screen.getByLabelText('Place'), '31.23');
    await user.type(screen.getByLabelText('Longitude'), '121.47');
    await user.type(screen.getByRole('combobox', { name: 'Account' }), 'Ac');
    await user.click(await optionOf(screen.getByRole('combobox', { name: 'Account' }), 'Acme'));
    expect(shownValue(screen.getByRole('combobox', { name: 'Account' }))).toBe('Acme');
    await user.click(screen.getByRole('combobox', { name: 'Parent account' }));
    await user.click(await optionOf(screen.getByRole('combobox', { name: 'Parent account' }), 'Globex'));
    await user.type(screen.getByRole('combobox', { name: 'Manager' }), 'mia');
    await user.click(await optionOf(screen.getByRole('combobox', { name: 'Manager' }), 'Mia Manager'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [create] = mutations();
    expect(create.query).toContain('createDeal(data: $d)');
    expect(create.query).toContain('mutation($d: DealCreateInput!)');
    expect(create.variables!.d).toEqual({
      name: 'Big deal', notes: 'Line one', seats: 12, weight: 3.5, value: { amount: 1500.25, currency: 'EUR' }, chance: 40, won: true,
      closeOn: '2026-05-01', nextCall: new Date('2026-05-02T09:30').toISOString(), email: 'a@b.co', phone: '+86 21 5555 0000', website: 'https://acme.example',
      stage: 'won', tags: ['vip'], extra: { a: [1, 2] }, extId: '0190a5e0-0000-7000-8000-0000000000ff', place: { lat: 31.23, lng: 121.47 },
      account: ACCOUNT_ID, parent: '0190a5e0-0000-7000-8000-000000000002', manager: USER_ID,
    });
    expect(onSaved.mock.calls[0][0].id).toBe('new-id');
  });
});

describe('form generator: editing', () => {
  it('starts from the record\'s values and sends only the changed fields to updateX', async () => {
    const user = userEvent.setup();
    const record = {
      id: 'd1', updatedAt: '2026-01-01T00:00:00.000Z', name: 'Old', seats: 3, value: { amount: 10, currency: 'EUR' }, won: true, tags: ['hot'],
      place: { lat: 1, lng: 2 }, extra: { k: 1 }, nextCall: '2026-05-02T01:30:00.000Z', account: { id: ACCOUNT_ID, name: 'Acme' },
      parent: { id: ACCOUNT_ID, name: 'Acme' }, manager: { id: USER_ID, name: 'Mia Manager' }, stage: 'open',
    };
    const calls = stubApi([deal, account], (c) => (c.query.includes('updateDeal') ? { data: { updateDeal: { ...record, ...c.variables!.d } } } : { data: {} }));
    const onSaved = vi.fn();
    renderWith(<RecordForm object={deal} record={record} onSaved={onSaved} />);
    expect(screen.getByLabelText('Name')).toHaveProperty('value', 'Old');
    expect(screen.getByLabelText('Seats')).toHaveProperty('value', '3');
    expect(screen.getByLabelText('Deal value')).toHaveProperty('value', '10');
    expect(screen.getByLabelText('Currency')).toHaveProperty('value', 'EUR');
    expect(screen.getByLabelText('Won')).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'Hot' })).toHaveProperty('checked', true);
    expect(screen.getByLabelText('Longitude')).toHaveProperty('value', '2');
    expect(JSON.parse((screen.getByLabelText('Extra') as HTMLTextAreaElement).value)).toEqual({ k: 1 });
    expect(new Date((screen.getByLabelText('Next call') as HTMLInputElement).value).toISOString()).toBe('2026-05-02T01:30:00.000Z');
    expect(shownValue(screen.getByRole('combobox', { name: 'Account' }))).toBe('Acme');
    expect(shownValue(screen.getByRole('combobox', { name: 'Manager' }))).toBe('Mia Manager');
    await user.clear(screen.getByLabelText('Seats'));
    await user.type(screen.getByLabelText('Seats'), '5');
    await user.click(screen.getByRole('button', { name: 'Clear Account' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const update = calls.find((c) => c.query.includes('updateDeal'))!;
    expect(update.variables).toEqual({ id: 'd1', d: { seats: 5, account: null } });
  });
});
