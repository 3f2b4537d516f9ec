import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FIELD_TYPES } from '../../../platform/src/field-types/registry.ts';
import { RecordForm } from '../../src/records/form/RecordForm.tsx';
import { FieldValue } from '../../src/records/record/FieldValue.tsx';
import { markdownHtml } from '../../src/records/markdown/MarkdownView.tsx';
import { WIDGETS } from '../../src/records/widgets/registry.ts';
import { conditionFilter } from '../../src/ui/filter-model.ts';
import { formatDuration, parseDuration } from '../../src/ui/field-kinds.ts';
import { formatValue } from '../../src/records/data/format.ts';
import { historyValue, type HistoryField } from '../../src/records/history/format.ts';
import { COMPOSITE_FIXTURES } from './form-fields-composite.fixture.ts';
import { M2M_FIXTURES } from './many-to-many.fixture.ts';
import { ALL_TYPES, fieldMeta, objectMeta, renderWith, stubApi, typeDate, type Call } from './records-fixture.tsx';

/**
 * The widgets and filters of the field types issue 13 added (auto-number, rating, color, duration,
 * time, markdown, tags, emails, phones, links), as form-fields.test.tsx tests the first 21: each
 * renders a labelled control, converts what is typed into the API value its schema accepts, shows
 * a record's values back, and filters as the data API expects.
 */
const NEW_TYPES = [
  fieldMeta({ name: 'title', type: 'text', label: 'Title' }),
  fieldMeta({ name: 'no', type: 'autoNumber', label: 'Number', format: 'K-{0000}' } as never),
  fieldMeta({ name: 'stars', type: 'rating', label: 'Stars', max: 7 } as never),
  fieldMeta({ name: 'colour', type: 'color', label: 'Colour' }),
  fieldMeta({ name: 'spent', type: 'duration', label: 'Time spent' }),
  fieldMeta({ name: 'opensAt', type: 'time', label: 'Opens at' }),
  fieldMeta({ name: 'notes', type: 'markdown', label: 'Notes' }),
  fieldMeta({ name: 'labels', type: 'tags', label: 'Labels' }),
  fieldMeta({ name: 'mails', type: 'emails', label: 'Mails' }),
  fieldMeta({ name: 'numbers', type: 'phones', label: 'Numbers' }),
  fieldMeta({ name: 'sites', type: 'links', label: 'Sites' }),
  fieldMeta({ name: 'weighted', type: 'formula', label: 'Weighted' } as never),
  fieldMeta({ name: 'total', type: 'rollup', label: 'Total', relation: 'part.kit', aggregate: 'COUNT' } as never),
  fieldMeta({ name: 'contract', type: 'file', label: 'Contract' }),
  fieldMeta({ name: 'photo', type: 'image', label: 'Photo' }),
  fieldMeta({ name: 'sign', type: 'signature', label: 'Signed' }),
];
const kit = objectMeta('kit', 'Kit', NEW_TYPES);
const field = (name: string) => NEW_TYPES.find((f) => f.name === name)!;

function renderKitForm(record?: Record<string, unknown>) {
  const onSaved = vi.fn();
  const calls = stubApi([kit], (call: Call) => {
    if (call.query.includes('createKit')) return { data: { createKit: { id: 'new-id', ...call.variables!.d } } };
    if (call.query.includes('updateKit')) return { data: { updateKit: { ...record, ...call.variables!.d } } };
    return { data: {} };
  });
  renderWith(<RecordForm object={kit} record={record as never} onSaved={onSaved} />);
  return { onSaved, mutations: () => calls.filter((c) => c.query.startsWith('mutation')) };
}

const addItems = async (user: ReturnType<typeof userEvent.setup>, label: string, items: string[]) => {
  const box = screen.getByRole('combobox', { name: label });
  for (const item of items) await user.type(box, `${item}{Enter}`);
};

describe('the widgets of every field type', () => {
  it('has a widget for each of the 47 registered field types, and the fixtures cover them all', () => {
    const names = FIELD_TYPES.map((t) => t.name).sort();
    expect(names).toHaveLength(47);
    expect(Object.keys(WIDGETS).sort()).toEqual(names);
    expect([...new Set([...ALL_TYPES, ...NEW_TYPES, ...COMPOSITE_FIXTURES, ...M2M_FIXTURES].map((f) => f.type))].sort()).toEqual(names);
  });

  it('renders a labelled control for each new type; the auto-number is shown, never editable', async () => {
    renderKitForm();
    const number = screen.getByLabelText('Number');
    expect(number).toHaveProperty('disabled', true);
    expect(number).toHaveProperty('placeholder', 'Assigned when saved');
    const stars = screen.getByRole('radiogroup', { name: 'Stars' });
    expect(within(stars).getAllByRole('radio')).toHaveLength(7);
    expect(screen.getByRole('textbox', { name: 'Colour' })).toBeTruthy();
    expect(screen.getByLabelText('Pick Colour')).toHaveProperty('type', 'color');
    expect(screen.getByRole('textbox', { name: 'Time spent' })).toHaveProperty('placeholder', 'e.g. 1h 30m, 45m, 1:30:00');
    expect(screen.getByLabelText('Opens at').closest('.ant-picker')).not.toBeNull();
    expect(screen.getByLabelText('Notes').tagName).toBe('TEXTAREA');
    for (const label of ['Labels', 'Mails', 'Numbers', 'Sites']) expect(screen.getByRole('combobox', { name: label }), label).toBeTruthy();
  });

  it('submits every new type converted to its API value; the auto-number is not sent', async () => {
    const user = userEvent.setup();
    const { onSaved, mutations } = renderKitForm();
    await user.type(screen.getByLabelText('Title'), 'First');
    await user.click(within(screen.getByRole('radiogroup', { name: 'Stars' })).getAllByRole('radio')[3]);
    await user.type(screen.getByRole('textbox', { name: 'Colour' }), '#ff8800');
    await user.type(screen.getByRole('textbox', { name: 'Time spent' }), '1h 30m');
    await typeDate(user, screen.getByLabelText('Opens at'), '09:30');
    fireEvent.change(screen.getByLabelText('Notes'), { target: { value: '# Hello\n\n*there*' } });
    await addItems(user, 'Labels', ['vip', 'north']);
    await addItems(user, 'Mails', ['a@b.co']);
    await addItems(user, 'Numbers', ['+86 21 5555 0000']);
    await addItems(user, 'Sites', ['https://acme.example']);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [create] = mutations();
    expect(create.variables!.d).toEqual({
      title: 'First', stars: 4, colour: '#FF8800', spent: 5400, opensAt: '09:30', notes: '# Hello\n\n*there*',
      labels: ['vip', 'north'], mails: ['a@b.co'], numbers: ['+86 21 5555 0000'], sites: ['https://acme.example'],
    });
  });

  it('refuses items their type does not accept, next to the field, and sends nothing', async () => {
    const user = userEvent.setup();
    const { mutations } = renderKitForm();
    await addItems(user, 'Mails', ['not an address']);
    await addItems(user, 'Sites', ['javascript:alert(1)']);
    await user.type(screen.getByRole('textbox', { name: 'Time spent' }), 'a while');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    for (const label of ['Mails', 'Sites']) {
      await waitFor(() => expect(screen.getByRole('combobox', { name: label }).getAttribute('aria-invalid'), label).toBe('true'));
    }
    expect(screen.getByRole('textbox', { name: 'Time spent' }).getAttribute('aria-invalid')).toBe('true');
    expect(mutations()).toEqual([]);
  });

  it('shows a record\'s values back in each widget and sends only what changed', async () => {
    const user = userEvent.setup();
    const record = { id: 'k1', updatedAt: '2026-01-01T00:00:00.000Z', title: 'Old', no: 'K-0042', stars: 2, colour: '#00AA11', spent: 5430, opensAt: '18:05:00', notes: 'text', labels: ['a'], mails: null, numbers: null, sites: null };
    const { onSaved, mutations } = renderKitForm(record);
    expect(screen.getByLabelText('Number')).toHaveProperty('value', 'K-0042');
    expect(screen.getByRole('textbox', { name: 'Time spent' })).toHaveProperty('value', '1h 30m 30s');
    expect(screen.getByLabelText('Opens at')).toHaveProperty('value', '18:05');
    expect(screen.getByRole('textbox', { name: 'Colour' })).toHaveProperty('value', '#00AA11');
    expect(within(screen.getByRole('radiogroup', { name: 'Stars' })).getAllByRole('radio').map((r) => r.getAttribute('aria-checked'))).toEqual(['true', 'true', 'false', 'false', 'false', 'false', 'false']);
    await user.clear(screen.getByRole('textbox', { name: 'Time spent' }));
    await user.type(screen.getByRole('textbox', { name: 'Time spent' }), 'PT2H');
    await addItems(user, 'Labels', ['b']);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mutations()[0].variables!.d).toEqual({ spent: 7200, labels: ['a', 'b'] });
  });
});

describe('showing values', () => {
  const record = { id: 'k1', no: 'K-0001', stars: 3, colour: '#FF8800', spent: 3723.5, opensAt: '09:30:00', notes: '**bold**', labels: ['vip', 'north'], mails: ['a@b.co'], numbers: ['+86 21 5555-0000'], sites: ['https://acme.example/x'] };

  it('writes each value as text for lists, in the UI language', () => {
    const words = { yes: 'Yes', no: 'No', empty: '—' };
    const text = (name: string, language = 'en') => formatValue(field(name), record[name as keyof typeof record], language, words);
    expect(text('stars')).toBe('★★★☆☆☆☆');
    expect(text('spent')).toBe('1h 2m 3.5s');
    expect(text('spent', 'zh-CN')).toBe('1小时2分3.5秒');
    expect(text('opensAt')).toBe('09:30');
    expect(text('labels')).toBe('vip, north');
    expect(text('no')).toBe('K-0001');
  });

  it('links e-mails, phones and links, names the rating, renders markdown (a lazy chunk)', async () => {
    const show = (name: string) => renderWith(<FieldValue field={field(name)} record={record as never} />);
    show('mails');
    expect(screen.getByRole('link', { name: 'a@b.co' }).getAttribute('href')).toBe('mailto:a@b.co');
    show('numbers');
    expect(screen.getByRole('link', { name: '+86 21 5555-0000' }).getAttribute('href')).toBe('tel:+862155550000');
    show('sites');
    const site = screen.getByRole('link', { name: 'https://acme.example/x' });
    expect([site.getAttribute('href'), site.getAttribute('rel')]).toEqual(['https://acme.example/x', 'noreferrer noopener']);
    show('stars');
    expect(screen.getByRole('img', { name: '3 of 7 stars' })).toBeTruthy();
    show('notes');
    expect((await screen.findByText('bold')).tagName).toBe('STRONG');
  });

  it('renders markdown sanitized: no raw HTML, no script links, no images, links open without the opener', () => {
    const html = markdownHtml([
      '<script>alert(1)</script><img src=x onerror=alert(2)>',
      '[a](javascript:alert(3)) [b](JAVASCRIPT:alert(4)) [c](data:text/html,x) [d](vbscript:x) [e](//evil.example/x)',
      '![pixel](https://tracker.example/p.png)',
      '[ok](https://example.com) [mail](mailto:a@b.co) [here](/o/kit/k1)',
    ].join('\n\n'));
    const box = document.createElement('div');
    box.innerHTML = html;
    expect(box.querySelector('script, img, iframe, [onerror]')).toBeNull();
    expect(box.textContent).toContain('<script>alert(1)</script>');
    const hrefs = [...box.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    // An image is at most a link to it: nothing is fetched unless someone follows it.
    expect(hrefs).toEqual(['https://tracker.example/p.png', 'https://example.com', 'mailto:a@b.co', '/o/kit/k1']);
    for (const a of box.querySelectorAll('a')) expect([a.getAttribute('target'), a.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer nofollow']);
  });
});

describe('history of the new types', () => {
  const words = { yes: 'Yes', no: 'No', empty: '—', hiddenRecord: '(hidden)', unknownUser: '(unknown)' };
  const read = (name: string, value: unknown, language: string) => historyValue(field(name) as HistoryField, value, { language, timeZone: 'UTC', words, names: { records: new Map(), users: new Map() } });

  it('reads each value as the record does, never as JSON', () => {
    expect(read('spent', 5400, 'en')).toBe('1h 30m');
    expect(read('spent', 5400, 'zh-CN')).toBe('1小时30分');
    expect(read('opensAt', '09:30:00', 'en')).toBe('09:30');
    expect(read('stars', 3, 'en')).toBe('★★★');
    expect(read('labels', ['vip', 'north'], 'en')).toBe('vip, north');
    expect(read('sites', ['https://a.example'], 'en')).toBe('https://a.example');
    expect(read('labels', [], 'en')).toBe('—');
    expect(read('no', 'K-0001', 'en')).toBe('K-0001');
  });
});

describe('filters of the new types', () => {
  const condition = (name: string, op: string, value: string) => conditionFilter(field(name), { field: name, op, value });

  it('turns what is typed into the operand each type filters by', () => {
    expect(condition('spent', 'gt', '1h 30m')).toEqual({ spent: { gt: 5400 } });
    expect(condition('colour', 'eq', '#ff8800')).toEqual({ colour: { eq: '#FF8800' } });
    expect(condition('stars', 'gte', '4')).toEqual({ stars: { gte: 4 } });
    expect(condition('opensAt', 'lt', '12:00')).toEqual({ opensAt: { lt: '12:00' } });
    expect(condition('labels', 'contains', 'vip')).toEqual({ labels: { contains: 'vip' } });
    expect(condition('labels', 'containsAll', 'vip, north')).toEqual({ labels: { containsAll: ['vip', 'north'] } });
    expect(condition('mails', 'containsAny', 'a@b.co,c@d.co')).toEqual({ mails: { containsAny: ['a@b.co', 'c@d.co'] } });
    expect(condition('no', 'startsWith', 'K-00')).toEqual({ no: { startsWith: 'K-00' } });
  });

  it('offers each type\'s operators', () => {
    expect(field('colour').operators).toEqual(['eq', 'neq', 'in', 'nin', 'isNull']);
    expect(field('labels').operators).toEqual(['contains', 'containsAny', 'containsAll', 'isNull']);
    for (const name of ['mails', 'numbers', 'sites']) expect(field(name).operators).toEqual(['containsAny', 'isNull']);
  });
});

describe('durations as people write them', () => {
  it('parses seconds, units (English and Chinese), clock times and ISO 8601', () => {
    const cases: [string, number | undefined][] = [
      ['5400', 5400], ['90.5', 90.5], ['1h 30m', 5400], ['1.5h', 5400], ['45m', 2700], ['2d 3h', 183_600], ['1 hour 2 minutes 3 seconds', 3723],
      ['1小时30分', 5400], ['2天', 172_800], ['1:30', 5400], ['1:30:15', 5415], ['PT1H30M', 5400], ['P1DT2H', 93_600], ['PT0.5S', 0.5], ['P1W', 604_800],
      ['', undefined], ['a while', undefined], ['1x', undefined], ['P', undefined], ['PT', undefined], ['1:75', undefined],
    ];
    for (const [text, seconds] of cases) expect(parseDuration(text), text).toBe(seconds);
  });

  it('writes durations back in a form it parses', () => {
    for (const seconds of [0, 59, 60, 3600, 5430, 90061, 0.25]) expect(parseDuration(formatDuration(seconds, 'en'))).toBe(seconds);
    expect(formatDuration(90061, 'zh-CN')).toBe('1天1小时1分1秒');
  });
});
