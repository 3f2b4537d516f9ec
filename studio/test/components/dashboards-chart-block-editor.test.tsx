import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { FieldMeta, ObjectMeta } from '../../src/api/metadata.ts';
import type { ChartBlock } from '../../src/dashboards/api.ts';
import { aggregateQuery, toPoints } from '../../src/dashboards/aggregate.ts';
import { ChartBlockEditor } from '../../src/dashboards/ChartBlockEditor.tsx';
import { createI18n } from '../../src/i18n/index.ts';
import { optionStates, optionValues, selectValue } from './antd-steps.ts';

const field = (name: string, type: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  name, type, label: name[0].toUpperCase() + name.slice(1), labels: {}, description: null, helpText: null, required: false, unique: false, defaultValue: null,
  options: null, target: null, precision: null, scale: null, maxLength: null, currencyCode: null, widget: type, valueSchema: {}, definition: {},
  operators: type === 'number' ? ['eq', 'gt', 'lt', 'in'] : ['eq', 'in'],
  capabilities: { sortable: true, filterable: true, groupable: type !== 'number', uniqueable: false, aggregates: type === 'number' ? ['sum', 'avg', 'min', 'max'] : [] },
  ...extra,
});
const deal: ObjectMeta = {
  name: 'deal', label: 'Deal', labels: {}, pluralLabel: 'Deals', pluralLabels: { en: 'Deals' }, actions: [], access: { read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true },  description: null, sharing: 'PRIVATE', layout: null, listColumns: null,
  fields: [field('amount', 'number'), field('stage', 'select', { options: [{ value: 'open', label: 'Open', color: null }] }), field('closed', 'DATE')],
  api: { aggregate: 'dealsAggregate', filter: 'DealFilter' } as ObjectMeta['api'],
};
const task: ObjectMeta = { ...deal, name: 'task', pluralLabel: 'Tasks', fields: [field('subject', 'text')], api: { aggregate: 'tasksAggregate', filter: 'TaskFilter' } as ObjectMeta['api'] };

function Harness({ onChange }: { onChange(b: ChartBlock): void }) {
  const [block, setBlock] = useState<ChartBlock>({ id: 'b1', type: 'chart', object: 'deal', measure: { fn: 'count' }, chart: 'bar' });
  return <ChartBlockEditor index={0} value={block} objects={[deal, task]} onRemove={() => {}} onChange={(b) => { setBlock(b); onChange(b); }} />;
}

function renderEditor() {
  const changes: ChartBlock[] = [];
  render(<I18nextProvider i18n={createI18n('en')}><Harness onChange={(b) => changes.push(b)} /></I18nextProvider>);
  return () => changes.at(-1)!;
}

const user = userEvent.setup();
const select = (label: string, value: string) => selectValue(user, screen.getByLabelText(label), value);

describe('chart block editor', () => {
  it('builds a block: measure on a numeric field, group by with date buckets, chart type, filters', async () => {
    const last = renderEditor();
    expect(screen.queryByLabelText('Of field')).toBeNull();
    await select('Measure', 'sum');
    expect(last().measure).toEqual({ fn: 'sum', field: 'amount' });
    expect(await optionValues(user, screen.getByLabelText('Of field'))).toEqual(['amount']);
    await select('Group by', 'closed');
    expect(last().groupBy).toEqual({ field: 'closed', bucket: 'MONTH' });
    await select('Date bucket', 'QUARTER');
    expect(last().groupBy).toEqual({ field: 'closed', bucket: 'QUARTER' });
    await select('Group by', 'stage');
    expect(last().groupBy).toEqual({ field: 'stage' });
    expect(screen.queryByLabelText('Date bucket')).toBeNull();
    await select('Chart type', 'funnel');
    fireEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    await select('Field of condition 1', 'amount');
    await select('Operator of condition 1', 'gt');
    fireEvent.change(screen.getByLabelText('Value of condition 1'), { target: { value: '10' } });
    expect(last()).toEqual({ id: 'b1', type: 'chart', object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'funnel', filter: { amount: { gt: 10 } } });
    expect(aggregateQuery(last(), deal)).toBe('query($filter: DealFilter) { rows: dealsAggregate(filter: $filter, groupBy: [{stage: true}]) { key { stage } sum { amount } } }');
  });

  it('offers only count on objects without numeric fields and resets the block when the object changes', async () => {
    const last = renderEditor();
    await select('Measure', 'avg');
    await select('Object', 'task');
    expect(last()).toEqual({ id: 'b1', type: 'chart', object: 'task', measure: { fn: 'count' }, chart: 'bar', groupBy: undefined, filter: undefined });
    const options = await optionStates(user, screen.getByLabelText('Measure'));
    expect(options.filter((o) => !o.disabled).map((o) => o.value)).toEqual(['count']);
  });

  it('turns aggregate rows into labelled points', () => {
    const block: ChartBlock = { id: 'b', type: 'chart', object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'bar' };
    expect(toPoints(block, deal, [{ key: { stage: 'open' }, sum: { amount: 150 } }, { key: { stage: null }, sum: { amount: null } }], '(empty)'))
      .toEqual([{ label: 'Open', value: 150 }, { label: '(empty)', value: 0 }]);
  });
});
