import { Alert, Card, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { useForecast, useFunnel } from './api.ts';
import { ForecastResult } from './ForecastPage.tsx';
import { FunnelResult, valueLabel } from './FunnelPage.tsx';

export interface FunnelBlock { id: string; type: 'funnel'; title?: string; object: string; stageField: string; groupBy?: string; from?: string; to?: string }
export interface ForecastBlock { id: string; type: 'forecast'; title?: string; object: string; period: string }

/** A dashboard's funnel block: the report's figures for the viewer's records. */
export function FunnelBlockView({ block, object }: { block: FunnelBlock; object: ObjectMeta }) {
  const { t } = useTranslation('analytics');
  const funnel = useFunnel({ object: block.object, stageField: block.stageField, groupBy: block.groupBy, from: block.from, to: block.to });
  return (
    <Card title={block.title ?? t('funnel.title')} className="dashboard-block">
      {funnel.isLoading && <Spin size="small" />}
      {funnel.error && <Alert type="error" message={(funnel.error as Error).message} />}
      {funnel.data && <FunnelResult funnel={funnel.data} object={object} stageField={block.stageField} groupBy={block.groupBy} />}
    </Card>
  );
}

export function ForecastBlockView({ block, object }: { block: ForecastBlock; object: ObjectMeta }) {
  const { t } = useTranslation('analytics');
  const forecast = useForecast(block.object, block.period);
  const stage = object.fields.find((f) => f.definition?.type === 'select' && f.definition?.trackStages === true)?.name;
  return (
    <Card title={block.title ?? t('forecast.title')} className="dashboard-block">
      {forecast.isLoading && <Spin size="small" />}
      {forecast.error && <Alert type="error" message={(forecast.error as Error).message} />}
      {forecast.data && <ForecastResult forecast={forecast.data} labelOf={valueLabel(object, stage, '')} />}
    </Card>
  );
}
