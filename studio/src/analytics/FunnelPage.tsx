import { Alert, Input, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useObjects, type ObjectMeta } from '../api/metadata.ts';
import { stageFieldsOf, trackedObjects, useFunnel, type Funnel } from './api.ts';
import { FunnelChart } from './FunnelChart.tsx';

/** A date input's day as the start of that day where the user is (local midnight), for the funnel's [from, to). */
export const dayStart = (d: string | null | undefined) => (d ? new Date(`${d}T00:00:00`).toISOString() : undefined);

/** The labels of an object's option values (a select's options; other values as they are). */
export function valueLabel(object: ObjectMeta | undefined, field: string | undefined, empty: string) {
  const options = object?.fields.find((f) => f.name === field)?.options ?? [];
  return (value: unknown) => (value === null || value === undefined ? empty : options.find((o) => o.value === value)?.label ?? String(value));
}

/**
 * The funnel report (`/reports/funnel?object=&stageField=&groupBy=&from=&to=`): the choices live in
 * the address, so a report can be bookmarked and shared; the figures are the caller's records only.
 */
export function FunnelPage() {
  const { t } = useTranslation('analytics');
  const objects = trackedObjects(useObjects().data ?? []);
  const [params, setParams] = useSearchParams();
  const object = objects.find((o) => o.name === params.get('object')) ?? objects[0];
  const stages = stageFieldsOf(object);
  const stageField = stages.find((f) => f.name === params.get('stageField'))?.name ?? stages[0]?.name;
  const groupable = (object?.fields ?? []).filter((f) => f.capabilities.groupable && f.name !== stageField);
  const groupBy = groupable.find((f) => f.name === params.get('groupBy'))?.name;
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const funnel = useFunnel(object && stageField ? { object: object.name, stageField, groupBy, from: dayStart(params.get('from')), to: dayStart(params.get('to')) } : null);
  return (
    <div className="report">
      <Typography.Title level={1}>{t('funnel.title')}</Typography.Title>
      {objects.length === 0 ? <p>{t('funnel.none')}</p> : (
        <form className="toolbar" aria-label={t('funnel.title')} onSubmit={(e) => e.preventDefault()} style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end' }}>
          <div><label htmlFor="funnel-object">{t('funnel.object')}</label><br />
            <Select id="funnel-object" style={{ minWidth: 160 }} value={object?.name} options={objects.map((o) => ({ value: o.name, label: o.pluralLabel }))} onChange={(v) => set({ object: v, stageField: undefined, groupBy: undefined })} />
          </div>
          <div><label htmlFor="funnel-stage">{t('funnel.stageField')}</label><br />
            <Select id="funnel-stage" style={{ minWidth: 140 }} value={stageField} options={stages.map((f) => ({ value: f.name, label: f.label }))} onChange={(v) => set({ stageField: v })} />
          </div>
          <div><label htmlFor="funnel-group">{t('funnel.groupBy')}</label><br />
            <Select id="funnel-group" style={{ minWidth: 140 }} value={groupBy ?? ''} options={[{ value: '', label: t('funnel.noGroup') }, ...groupable.map((f) => ({ value: f.name, label: f.label }))]} onChange={(v) => set({ groupBy: v || undefined })} />
          </div>
          <div><label htmlFor="funnel-from">{t('funnel.from')}</label><br /><Input id="funnel-from" type="date" value={params.get('from') ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} /></div>
          <div><label htmlFor="funnel-to">{t('funnel.to')}</label><br /><Input id="funnel-to" type="date" value={params.get('to') ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} /></div>
        </form>
      )}
      {funnel.isLoading && <div role="status"><Spin size="small" /> {t('funnel.loading')}</div>}
      {funnel.error && <Alert type="error" message={(funnel.error as Error).message} />}
      {funnel.data && object && stageField && <FunnelResult funnel={funnel.data} object={object} stageField={stageField} groupBy={groupBy} />}
    </div>
  );
}

/** The whole funnel, then one per group. */
export function FunnelResult({ funnel, object, stageField, groupBy }: { funnel: Funnel; object: ObjectMeta; stageField: string; groupBy?: string }) {
  const { t } = useTranslation('analytics');
  const stageLabel = valueLabel(object, stageField, t('funnel.empty'));
  const groupLabel = valueLabel(object, groupBy, t('funnel.empty'));
  const field = object.fields.find((f) => f.name === stageField)?.label ?? stageField;
  return (
    <div className="funnel-result" style={{ display: 'grid', gap: 24, gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))' }}>
      <section aria-label={t('funnel.all')}>
        <h2>{t('funnel.all')}</h2>
        <FunnelChart steps={funnel.steps} labelOf={stageLabel} caption={t('funnel.summary', { object: object.pluralLabel, field, count: funnel.steps[0]?.count ?? 0 })} />
      </section>
      {funnel.groups.map((g) => (
        <section key={JSON.stringify(g.key)} aria-label={String(groupLabel(g.key))}>
          <h2>{groupLabel(g.key)}</h2>
          <FunnelChart steps={g.steps} labelOf={stageLabel} caption={t('funnel.summary', { object: object.pluralLabel, field, count: g.steps[0]?.count ?? 0 })} />
        </section>
      ))}
    </div>
  );
}
