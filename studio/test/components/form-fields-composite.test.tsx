import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RecordForm } from '../../src/records/form/RecordForm.tsx';
import { formatValue } from '../../src/records/data/format.ts';
import { fieldSelection } from '../../src/records/data/selection.ts';
import { historyValue, type HistoryField } from '../../src/records/history/format.ts';
import { conditionFilter, filterOf } from '../../src/ui/filter-model.ts';
import { filterableFields, fromFilter, toFilter } from '../../src/ui/filter.ts';
import { COMPOSITE_FIXTURES } from './form-fields-composite.fixture.ts';
import { fieldMeta, objectMeta, renderWith, stubApi, type Call } from './records-fixture.tsx';
import { WIDGETS } from '../../src/records/widgets/registry.ts';

/**
 * The widgets and filters of the composite and place types (address, fullName, dateRange,
 * locationAddress) and country: a labelled input per part, the API's object built from what is
 * typed (blank parts left out, an all-blank value null), values read back in the UI language
 * (姓名 order in Chinese, country names by Intl.DisplayNames), and part-by-part filters.
 */
const site = objectMeta('site', 'Site', COMPOSITE_FIXTURES);
const field = (name: string) => COMPOSITE_FIXTURES.find((f) => f.name === name)!;

function renderSiteForm(record?: Record<string, unknown>) {
  const onSaved = vi.fn();
  const calls = stubApi([site], (call: Call) => {
    if (call.query.includes('createSite')) return { data: { createSite: { id: 'new-id', ...call.variables!.d } } };
    if (call.query.includes('updateSite')) return { data: { updateSite: { ...record, ...call.variables!.d } } };
    return { data: {} };
  });
  renderWith(<RecordForm object={site} record={record as never} onSaved={onSaved} />);
  return { onSaved, mutations: () => calls.filter((c) => c.query.startsWith('mutation')) };
}

describe('the composite widgets', () => {
  it('renders one labelled input per part, the first named by the field', () => {
    renderSiteForm();
    expect(screen.getByLabelText('Office')).toHaveProperty('placeholder', 'Street');
    for (const part of ['City', 'Region', 'Postal code', 'Country (ISO code)']) expect(screen.getAllByLabelText(part).length, part).toBeGreaterThan(0);
    // A name is typed given name first; its family name is a part of its own.
    expect(screen.getByLabelText('Boss')).toHaveProperty('placeholder', 'Given name');
    expect(screen.getByLabelText('Family name')).toBeTruthy();
    expect(screen.getByLabelText('Contract')).toHaveProperty('type', 'date');
    expect(screen.getByLabelText('To')).toHaveProperty('type', 'date');
    expect(screen.getByRole('combobox', { name: 'Nation' })).toBeTruthy();
  });

  it('submits each composite as its API object (blank parts left out, countries upper-cased), an untouched one not at all', async () => {
    const user = userEvent.setup();
    const { onSaved, mutations } = renderSiteForm();
    await user.type(screen.getByLabelText('Title'), 'HQ');
    await user.type(screen.getByLabelText('Office'), '5 Av. Anatole France');
    await user.type(screen.getAllByLabelText('City')[0], 'Paris');
    await user.type(screen.getByLabelText('Country (ISO code)'), 'fr');
    await user.type(screen.getByLabelText('Boss'), 'Ada');
    await user.type(screen.getByLabelText('Family name'), 'Lovelace');
    await user.type(screen.getByLabelText('Contract'), '2026-01-01');
    await user.type(screen.getByLabelText('Site'), '48.8584');
    await user.type(screen.getAllByLabelText('Longitude')[0], '2.2945');
    await user.click(screen.getByRole('combobox', { name: 'Nation' }));
    await user.click(await screen.findByRole('option', { name: 'France' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mutations()[0].variables!.d).toEqual({
      title: 'HQ',
      office: { street: '5 Av. Anatole France', city: 'Paris', country: 'FR' },
      boss: { first: 'Ada', last: 'Lovelace' },
      contract: { start: '2026-01-01' },
      nation: 'FR',
      site: { lat: 48.8584, lng: 2.2945 },
    });
  });

  it('refuses a value its schema refuses next to the field, and sends nothing', async () => {
    const user = userEvent.setup();
    const { mutations } = renderSiteForm();
    await user.type(screen.getByLabelText('Boss'), 'only a given name');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Boss').getAttribute('aria-invalid')).toBe('true'));
    expect(mutations()).toEqual([]);
  });

  it('shows a record\'s parts back and sends only the composite that changed', async () => {
    const user = userEvent.setup();
    const record = { id: 's1', updatedAt: '2026-01-01T00:00:00.000Z', title: 'Old', office: { street: null, city: '上海', region: null, postalCode: '200003', country: 'CN' }, boss: { first: '三', middle: null, last: '张' }, contract: null, nation: 'CN', site: null };
    const { onSaved, mutations } = renderSiteForm(record);
    expect(screen.getAllByLabelText('City')[0]).toHaveProperty('value', '上海');
    expect(screen.getByLabelText('Family name')).toHaveProperty('value', '张');
    await user.clear(screen.getAllByLabelText('City')[0]);
    await user.type(screen.getAllByLabelText('City')[0], '北京');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mutations()[0].variables!.d).toEqual({ office: { city: '北京', postalCode: '200003', country: 'CN' } });
  });
});

describe('showing composite values', () => {
  const words = { yes: 'Yes', no: 'No', empty: '—' };
  const text = (name: string, value: unknown, language = 'en') => formatValue(field(name), value, language, words);

  it('writes names in the reader\'s order, addresses on one line, ranges open-ended, countries by name', () => {
    expect(text('boss', { first: 'Ada', middle: 'M.', last: 'Lovelace' })).toBe('Ada M. Lovelace');
    expect(text('boss', { first: '三', middle: null, last: '张' }, 'zh-CN')).toBe('张三');
    expect(text('office', { street: '5 Av. Anatole France', city: 'Paris', region: null, postalCode: '75007', country: 'FR' })).toBe('5 Av. Anatole France, 75007 Paris, France');
    expect(text('contract', { start: '2026-01-01', end: null })).toBe('2026-01-01 – …');
    expect(text('nation', 'CN')).toBe('China');
    expect(text('nation', 'CN', 'zh-CN')).toBe('中国');
    expect(text('site', { lat: 31.2304, lng: 121.4737, address: '人民大道' })).toBe('人民大道 (31.2304, 121.4737)');
  });

  it('reads them the same way in the history, never as JSON', () => {
    const read = (name: string, value: unknown, language: string) => historyValue(field(name) as HistoryField, value, { language, timeZone: 'UTC', words: { ...words, hiddenRecord: '(hidden)', unknownUser: '(unknown)' }, names: { records: new Map(), users: new Map() } });
    expect(read('boss', { first: 'Ada', middle: null, last: 'Lovelace' }, 'en')).toBe('Ada Lovelace');
    expect(read('nation', 'FR', 'zh-CN')).toBe('法国');
  });

  it('selects every part from the data API', () => {
    expect(fieldSelection(field('office'), [])).toBe('office { street city region postalCode country }');
    expect(fieldSelection(field('site'), [])).toBe('site { lat lng address }');
  });
});

describe('filters of the composite types', () => {
  it('offers each composite as a whole and part by part, with the part\'s operators', () => {
    const names = filterableFields(COMPOSITE_FIXTURES).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['office', 'office.city', 'office.postalCode', 'boss.last', 'contract.start', 'site.address', 'nation']));
    expect(filterableFields(COMPOSITE_FIXTURES).find((f) => f.name === 'office.city')!.operators).toContain('startsWith');
  });

  it('nests a part\'s condition inside its field, and reads it back', () => {
    const fields = COMPOSITE_FIXTURES;
    expect(filterOf(fields, [{ field: 'office.city', op: 'eq', value: 'Paris' }, { field: 'boss.last', op: 'startsWith', value: 'Love' }]))
      .toEqual({ and: [{ office: { city: { eq: 'Paris' } } }, { boss: { last: { startsWith: 'Love' } } }] });
    const stored = toFilter([{ field: 'office.city', operator: 'eq', value: 'Paris' }, { field: 'office.country', operator: 'eq', value: 'FR' }], fields);
    expect(stored).toEqual({ office: { city: { eq: 'Paris' }, country: { eq: 'FR' } } });
    expect(fromFilter(stored)).toEqual([{ field: 'office.city', operator: 'eq', value: 'Paris' }, { field: 'office.country', operator: 'eq', value: 'FR' }]);
  });

  it('filters ranges by overlap (either end open), places within km, countries by code', () => {
    expect(conditionFilter(field('contract'), { field: 'contract', op: 'overlaps', value: '2026-01-01', extra: '2026-01-31' })).toEqual({ contract: { overlaps: { start: '2026-01-01', end: '2026-01-31' } } });
    expect(conditionFilter(field('contract'), { field: 'contract', op: 'overlaps', value: '', extra: '2026-01-31' })).toEqual({ contract: { overlaps: { end: '2026-01-31' } } });
    expect(conditionFilter(field('site'), { field: 'site', op: 'within', value: '48.86, 2.29', extra: '5' })).toEqual({ site: { within: { lat: 48.86, lng: 2.29, km: 5 } } });
    expect(conditionFilter(field('nation'), { field: 'nation', op: 'in', value: 'FR, CN' })).toEqual({ nation: { in: ['FR', 'CN'] } });
    expect(field('contract').operators).toEqual(['isNull', 'overlaps']);
    void within;
  });
});

describe('the tree widget and filter', () => {
  const category = fieldMeta({ name: 'parent', type: 'tree', label: 'Parent', target: 'category' });

  it('picks a parent as a lookup does, reads it as a link name, selects its name', () => {
    expect(WIDGETS.tree).toBe(WIDGETS.lookup);
    expect(formatValue(category, { id: 'c1', name: 'Europe' }, 'en', { yes: 'Yes', no: 'No', empty: '—' })).toBe('Europe');
    expect(fieldSelection(category, [objectMeta('category', 'Category', [fieldMeta({ name: 'name', type: 'text', label: 'Name' }), category])])).toBe('parent { id name }');
  });

  it('filters by the parent, and under or above a record', () => {
    expect(category.operators).toEqual(['eq', 'neq', 'in', 'nin', 'isNull', 'under', 'above']);
    expect(conditionFilter(category, { field: 'parent', op: 'under', value: 'c1' })).toEqual({ parent: { under: 'c1' } });
    expect(conditionFilter(category, { field: 'parent', op: 'eq', value: 'c1' })).toEqual({ parent: { eq: 'c1' } });
    expect(toFilter([{ field: 'parent', operator: 'above', value: 'c9' }], [category])).toEqual({ parent: { above: 'c9' } });
  });
});

describe('the sequence and IP address widgets and filters', () => {
  it('types a position as a number and filters it as one; an IP address as text', () => {
    expect(WIDGETS.sequence).toBe(WIDGETS.integer);
    expect(WIDGETS.ipAddress).toBe(WIDGETS.text);
    expect(WIDGETS.encrypted).toBe(WIDGETS.text);
    // Encrypted: equality only, as the data API offers it.
    expect(field('secret').operators).toEqual(['eq', 'in', 'isNull']);
    expect(conditionFilter(field('secret'), { field: 'secret', op: 'eq', value: 'abc' })).toEqual({ secret: { eq: 'abc' } });
    expect(conditionFilter(field('rank'), { field: 'rank', op: 'lte', value: '3' })).toEqual({ rank: { lte: 3 } });
    expect(conditionFilter(field('ip'), { field: 'ip', op: 'eq', value: '10.0.0.1' })).toEqual({ ip: { eq: '10.0.0.1' } });
  });
});

describe('the time zone widget', () => {
  it('lists the IANA zones with their offsets, searchable, and sends the zone\'s name', async () => {
    const user = userEvent.setup();
    const { onSaved, mutations } = renderSiteForm();
    await user.click(screen.getByRole('combobox', { name: 'Zone' }));
    await user.type(screen.getByRole('combobox', { name: 'Zone' }), 'Shanghai');
    await user.click(await screen.findByRole('option', { name: 'Asia/Shanghai (UTC+08:00)' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mutations()[0].variables!.d).toEqual({ zone: 'Asia/Shanghai' });
    expect(conditionFilter(field('zone'), { field: 'zone', op: 'eq', value: 'Asia/Shanghai' })).toEqual({ zone: { eq: 'Asia/Shanghai' } });
  });
});
