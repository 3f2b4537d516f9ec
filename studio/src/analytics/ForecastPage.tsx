import { Alert, Input, Select, Spin, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useObjects } from '../api/metadata.ts';
import { trackedObjects, useForecast, type Forecast } from './api.ts';
import { valueLabel } from './FunnelPage.tsx';

const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: 2 }));

/** The forecast report (`/reports/forecast?object=&period=`): pipeline, weighted, regression, targets. */
export function ForecastPage() {
  const { t } = useTranslation('analytics');
  const objects = trackedObjects(useObjects().data ?? []);
  const [params, setParams] = useSearchParams();
  const object = objects.find((o) => o.name === params.get('object')) ?? objects[0];
  const period = params.get('period') ?? 'quarter';
  const set = (k: string, v: string) => { const next = new URLSearchParams(params); next.set(k, v); setParams(next, { replace: true }); };
  const forecast = useForecast(object?.name, period);
  return (
    <div className="report">
      <Typography.Title level={1}>{t('forecast.title')}</Typography.Title>
      <form aria-label={t('forecast.title')} onSubmit={(e) => e.preventDefault()} style={{ display: 'flex', gap: 12, alignItems: 'end' }}>
        <div><label htmlFor="forecast-object">{t('forecast.object')}</label><br />
          <Select id="forecast-object" style={{ minWidth: 160 }} value={object?.name} options={objects.map((o) => ({ value: o.name, label: o.pluralLabel }))} onChange={(v) => set('object', v)} />
        </div>
        <div><label htmlFor="forecast-period">{t('forecast.period')}</label><br />
          <Input id="forecast-period" defaultValue={period} placeholder="2025-Q2" onBlur={(e) => e.target.value && set('period', e.target.value)} onPressEnter={(e) => set('period', (e.target as HTMLInputElement).value)} />
        </div>
      </form>
      {forecast.isLoading && <div role="status"><Spin size="small" /></div>}
      {forecast.error && <Alert type="error" message={(forecast.error as Error).message} />}
      {forecast.data && <ForecastResult forecast={forecast.data} labelOf={valueLabel(object, undefined, '')} />}
    </div>
  );
}

export function ForecastResult({ forecast, labelOf }: { forecast: Forecast; labelOf?: (v: unknown) => string }) {
  const { t } = useTranslation('analytics');
  return (
    <div className="forecast-result">
      <h2>{forecast.period.label}</h2>
      <div style={{ display: 'flex', gap: 32, flexWrap: 'wrap' }}>
        <Statistic title={t('forecast.pipeline')} value={money(forecast.pipeline.amount)} />
        <Statistic title={t('forecast.weighted')} value={money(forecast.pipeline.weighted)} />
        <Statistic title={t('forecast.closed')} value={money(forecast.closed.amount)} />
        <Statistic title={t('forecast.regression')} value={money(forecast.regression.forecast)} />
      </div>
      <Table size="small" pagination={false} rowKey="stage" dataSource={forecast.pipeline.stages} columns={[
        { title: t('forecast.stage'), dataIndex: 'stage', render: (v: string) => labelOf?.(v) ?? v },
        { title: t('forecast.probability'), dataIndex: 'probability', render: (v: number) => `${money(v)}%` },
        { title: t('forecast.count'), dataIndex: 'count' },
        { title: t('forecast.amount'), dataIndex: 'amount', render: money },
        { title: t('forecast.weighted'), dataIndex: 'weighted', render: money },
      ]} />
      <h3>{t('forecast.targets')}</h3>
      {forecast.targets.length === 0 ? <p>{t('forecast.noTargets')}</p> : (
        <Table size="small" pagination={false} rowKey="user" dataSource={forecast.targets} columns={[
          { title: t('forecast.rep'), dataIndex: 'user', render: (v: string, r) => r.name ?? v },
          { title: t('forecast.target'), dataIndex: 'target', render: money },
          { title: t('forecast.attained'), dataIndex: 'attained', render: money },
          { title: t('forecast.attainment'), dataIndex: 'attainment', render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`) },
        ]} />
      )}
    </div>
  );
}
