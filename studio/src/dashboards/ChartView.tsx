import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { dataApi } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';
import { FormError } from '../ui/FieldError.tsx';
import type { ChartBlock } from './api.ts';
import { aggregateQuery, toPoints } from './aggregate.ts';

const EChart = lazy(() => import('./EChart.tsx'));

/** A chart block: the aggregate run on /graphql as the viewer, drawn by ECharts, with a summary and a data table. */
export function ChartView({ block, object }: { block: ChartBlock; object: ObjectMeta }) {
  const { t } = useTranslation('dashboards');
  const query = aggregateQuery(block, object);
  const result = useQuery({
    queryKey: ['dashboard-data', query, block.filter ?? null],
    queryFn: async () => (await dataApi<{ rows: Record<string, any>[] }>(query, { filter: block.filter ?? null })).rows,
  });
  const measureField = object.fields.find((f) => f.name === block.measure.field);
  const measureName = block.measure.fn === 'count' ? t('measure.count') : t('measure.of', { fn: t(`measure.${block.measure.fn}`), field: measureField?.label ?? block.measure.field });
  const groupField = object.fields.find((f) => f.name === block.groupBy?.field);
  const title = block.title || t('chart.defaultTitle', { measure: measureName, object: object.pluralLabel });
  const points = result.data ? toPoints(block, object, result.data, t('chart.empty')) : [];
  const summary = t('chart.summary', {
    type: t(`chart.types.${block.chart}`), measure: measureName, object: object.pluralLabel,
    group: groupField ? t('chart.by', { field: groupField.label }) : '', count: points.length,
  });
  const id = `chart-${block.id}`;
  return (
    <figure className="chart-block" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption id={`${id}-title`}><strong>{title}</strong></figcaption>
      <p id={`${id}-summary`} className="hint">{summary}</p>
      {result.isLoading && <p role="status">{t('loading')}</p>}
      <FormError error={result.error} />
      {result.data && (
        <>
          <Suspense fallback={<p role="status">{t('loading')}</p>}>
            <EChart kind={block.chart} points={points} name={measureName} />
          </Suspense>
          <table className="visually-hidden" data-chart-table={block.id}>
            <caption>{title}</caption>
            <thead><tr><th scope="col">{groupField?.label ?? t('chart.group')}</th><th scope="col">{measureName}</th></tr></thead>
            <tbody>{points.map((p, i) => <tr key={i}><th scope="row">{p.label}</th><td>{p.value}</td></tr>)}</tbody>
          </table>
        </>
      )}
    </figure>
  );
}
