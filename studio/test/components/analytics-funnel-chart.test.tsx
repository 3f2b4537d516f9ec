import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { FieldMeta, ObjectMeta } from '../../src/api/metadata.ts';
import { stageFieldsOf, trackedObjects } from '../../src/analytics/api.ts';
import { FunnelResult } from '../../src/analytics/FunnelPage.tsx';
import { createI18n } from '../../src/i18n/index.ts';

const field = (name: string, definition: Record<string, unknown>, options: FieldMeta['options'] = null): FieldMeta => ({
  name, type: String(definition.type).toUpperCase(), label: name[0].toUpperCase() + name.slice(1), labels: {}, description: null, helpText: null, required: false, unique: false, defaultValue: null,
  options, target: null, precision: null, scale: null, maxLength: null, currencyCode: null, widget: 'select', valueSchema: {}, definition, operators: ['eq'],
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: [] },
});
const lead: ObjectMeta = {
  name: 'lead', label: 'Lead', labels: {}, pluralLabel: 'Leads', pluralLabels: {}, actions: [], access: { read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true }, description: null, sharing: 'PRIVATE', layout: null, listColumns: null,
  fields: [
    field('channel', { type: 'select' }, [{ value: 'web', label: 'Website', color: null }]),
    field('stage', { type: 'select', trackStages: true }, [{ value: 'New', label: '新线索', color: null }, { value: 'Won', label: 'Won', color: null }]),
  ],
  api: {} as ObjectMeta['api'],
};
const steps = (a: number, b: number) => [{ stage: 'New', count: a, conversion: null }, { stage: 'Won', count: b, conversion: a ? b / a : null }];

describe('funnel result', () => {
  it('finds tracked fields by their definition, and shows every funnel with labels and conversion %', () => {
    expect(trackedObjects([lead, { ...lead, name: 'x', fields: [lead.fields[0]] }]).map((o) => o.name)).toEqual(['lead']);
    expect(stageFieldsOf(lead).map((f) => f.name)).toEqual(['stage']);
    render(<I18nextProvider i18n={createI18n('en')}>
      <FunnelResult funnel={{ steps: steps(4, 1), groups: [{ key: 'web', steps: steps(3, 1) }, { key: null, steps: steps(1, 0) }] }} object={lead} stageField="stage" groupBy="channel" />
    </I18nextProvider>);
    const rows = (name: string) => within(screen.getByRole('region', { name })).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows('All records')).toEqual([['新线索', '4', '—'], ['Won', '1', '25.0%']]);
    expect(rows('Website')).toEqual([['新线索', '3', '—'], ['Won', '1', '33.3%']]);
    expect(rows('(empty)')).toEqual([['新线索', '1', '—'], ['Won', '0', '0.0%']]);
    expect(screen.getByRole('region', { name: 'Website' }).textContent).toContain('33.3% from the previous step');
  });
});

describe('forecast result', () => {
  it('shows the pipeline, weighted, won and trend figures, each stage, and targets with attainment', async () => {
    const { ForecastResult } = await import('../../src/analytics/ForecastPage.tsx');
    render(<I18nextProvider i18n={createI18n('zh-CN')}>
      <ForecastResult forecast={{
        period: { label: '2025-Q2' }, amountField: 'amount',
        pipeline: { count: 2, amount: 1200, weighted: 200, stages: [{ stage: 'New', probability: 10, count: 1, amount: 1000, weighted: 100 }, { stage: 'Won', probability: 50, count: 1, amount: 200, weighted: 100 }] },
        closed: { amount: 350, count: 2 },
        regression: { points: [], slope: 150, forecast: 533.3333 },
        targets: [{ user: 'rep@x.cn', name: '王伟', target: 1000, attained: 300, attainment: 0.3 }],
      }} labelOf={(v) => (v === 'New' ? '新线索' : String(v))} />
    </I18nextProvider>);
    expect(screen.getByText('加权预测', { selector: '.ant-statistic-title' }).closest('.ant-statistic')!.textContent).toContain('200');
    expect(screen.getByText('趋势预测（回归）').closest('.ant-statistic')!.textContent).toContain('533.33');
    const tables = screen.getAllByRole('table');
    expect(within(tables[0]).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([['新线索', '10%', '1', '1,000', '100'], ['Won', '50%', '1', '200', '100']]);
    expect(within(tables[1]).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([['王伟', '1,000', '300', '30.0%']]);
  });
});
