import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { FilterBuilder } from '../ui/FilterBuilder.tsx';
import { fromFilter, toFilter, type FilterCondition } from '../ui/filter.ts';
import type { Bucket, ChartBlock, Measure } from './api.ts';
import { BUCKETS, groupableFields, isDateField, measurableFields } from './aggregate.ts';

const FNS = ['count', 'sum', 'avg', 'min', 'max'] as const;
const CHARTS = ['bar', 'line', 'pie', 'funnel'] as const;

interface Props { value: ChartBlock; objects: ObjectMeta[]; onChange(next: ChartBlock): void; onRemove(): void; index: number }

/** One chart block: object, measure (count or sum/avg/min/max of a numeric field), group by (date buckets), chart type, filters. */
export function ChartBlockEditor({ value, objects, onChange, onRemove, index }: Props) {
  const { t } = useTranslation('dashboards');
  const object = objects.find((o) => o.name === value.object);
  const [conditions, setConditions] = useState<FilterCondition[]>(() => fromFilter(value.filter));
  const id = `block-${index}`;
  const measurable = value.measure.fn === 'count' ? [] : measurableFields(object, value.measure.fn);
  const groupable = groupableFields(object);
  const groupField = object?.fields.find((f) => f.name === value.groupBy?.field);

  const setObject = (name: string) => {
    setConditions([]);
    onChange({ ...value, object: name, measure: { fn: 'count' }, groupBy: undefined, filter: undefined });
  };
  const setMeasure = (fn: Measure['fn'], field?: string) => {
    if (fn === 'count') return onChange({ ...value, measure: { fn } });
    const fields = measurableFields(object, fn);
    onChange({ ...value, measure: { fn, field: fields.some((f) => f.name === field) ? field : fields[0]?.name } });
  };
  const setGroup = (field: string) => {
    const f = object?.fields.find((x) => x.name === field);
    onChange({ ...value, groupBy: field ? { field, ...(isDateField(f) ? { bucket: 'MONTH' as Bucket } : {}) } : undefined });
  };

  return (
    <fieldset className="panel chart-block-editor">
      <legend>{t('editor.block', { n: index + 1 })}</legend>
      <div className="form-row">
        <label htmlFor={`${id}-title`}>{t('editor.title')}</label>
        <input id={`${id}-title`} value={value.title ?? ''} onChange={(e) => onChange({ ...value, title: e.target.value || undefined })} />
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-object`}>{t('editor.object')}</label>
        <select id={`${id}-object`} value={value.object} onChange={(e) => setObject(e.target.value)}>
          {objects.map((o) => <option key={o.name} value={o.name}>{o.pluralLabel}</option>)}
        </select>
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-fn`}>{t('editor.measure')}</label>
        <select id={`${id}-fn`} value={value.measure.fn} onChange={(e) => setMeasure(e.target.value as Measure['fn'], value.measure.field)}>
          {FNS.map((fn) => <option key={fn} value={fn} disabled={fn !== 'count' && measurableFields(object, fn).length === 0}>{t(`measure.${fn}`)}</option>)}
        </select>
        {value.measure.fn !== 'count' && (
          <>
            <label htmlFor={`${id}-field`}>{t('editor.measureField')}</label>
            <select id={`${id}-field`} value={value.measure.field ?? ''} onChange={(e) => setMeasure(value.measure.fn, e.target.value)}>
              {measurable.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
            </select>
          </>
        )}
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-group`}>{t('editor.groupBy')}</label>
        <select id={`${id}-group`} value={value.groupBy?.field ?? ''} onChange={(e) => setGroup(e.target.value)}>
          <option value="">{t('editor.noGroup')}</option>
          {groupable.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
        </select>
        {groupField && isDateField(groupField) && (
          <>
            <label htmlFor={`${id}-bucket`}>{t('editor.bucket')}</label>
            <select id={`${id}-bucket`} value={value.groupBy?.bucket ?? 'MONTH'} onChange={(e) => onChange({ ...value, groupBy: { field: groupField.name, bucket: e.target.value as Bucket } })}>
              {BUCKETS.map((b) => <option key={b} value={b}>{t(`buckets.${b}`)}</option>)}
            </select>
          </>
        )}
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-chart`}>{t('editor.chart')}</label>
        <select id={`${id}-chart`} value={value.chart} onChange={(e) => onChange({ ...value, chart: e.target.value as ChartBlock['chart'] })}>
          {CHARTS.map((c) => <option key={c} value={c}>{t(`chart.types.${c}`)}</option>)}
        </select>
      </div>
      <FilterBuilder ns="dashboards" fields={object?.fields ?? []} value={conditions} idPrefix={`${id}-filter`}
        onChange={(next) => {
          setConditions(next);
          const filter = toFilter(next, object?.fields ?? []);
          onChange({ ...value, filter: Object.keys(filter).length ? filter : undefined });
        }} />
      <button type="button" className="danger" onClick={onRemove}>{t('editor.removeBlock', { n: index + 1 })}</button>
    </fieldset>
  );
}
