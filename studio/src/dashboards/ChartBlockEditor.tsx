import { Button, Input } from 'antd';
import { useState } from 'react';
import { Select } from '../ui/design/Select.tsx';
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
    <fieldset className="chart-block-editor">
      <legend>{t('editor.block', { n: index + 1 })}</legend>
      <div className="form-row">
        <label htmlFor={`${id}-title`}>{t('editor.title')}</label>
        <Input id={`${id}-title`} value={value.title ?? ''} onChange={(e) => onChange({ ...value, title: e.target.value || undefined })} />
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-object`}>{t('editor.object')}</label>
        <Select id={`${id}-object`} value={value.object} onChange={setObject} options={objects.map((o) => ({ value: o.name, label: o.pluralLabel }))} />
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-fn`}>{t('editor.measure')}</label>
        <Select<Measure['fn']> id={`${id}-fn`} value={value.measure.fn} onChange={(fn) => setMeasure(fn, value.measure.field)} className="block-select"
          options={FNS.map((fn) => ({ value: fn, label: t(`measure.${fn}`), disabled: fn !== 'count' && measurableFields(object, fn).length === 0 }))} />
        {value.measure.fn !== 'count' && (
          <>
            <label htmlFor={`${id}-field`}>{t('editor.measureField')}</label>
            <Select id={`${id}-field`} value={value.measure.field ?? ''} onChange={(f) => setMeasure(value.measure.fn, f)} className="block-select"
              options={measurable.map((f) => ({ value: f.name, label: f.label }))} />
          </>
        )}
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-group`}>{t('editor.groupBy')}</label>
        <Select id={`${id}-group`} value={value.groupBy?.field ?? ''} onChange={setGroup} className="block-select"
          options={[{ value: '', label: t('editor.noGroup') }, ...groupable.map((f) => ({ value: f.name, label: f.label }))]} />
        {groupField && isDateField(groupField) && (
          <>
            <label htmlFor={`${id}-bucket`}>{t('editor.bucket')}</label>
            <Select<Bucket> id={`${id}-bucket`} value={value.groupBy?.bucket ?? 'MONTH'} onChange={(bucket) => onChange({ ...value, groupBy: { field: groupField.name, bucket } })} className="block-select"
              options={BUCKETS.map((b) => ({ value: b, label: t(`buckets.${b}`) }))} />
          </>
        )}
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-chart`}>{t('editor.chart')}</label>
        <Select<ChartBlock['chart']> id={`${id}-chart`} value={value.chart} onChange={(chart) => onChange({ ...value, chart })}
          options={CHARTS.map((c) => ({ value: c, label: t(`chart.types.${c}`) }))} />
      </div>
      <FilterBuilder ns="dashboards" fields={object?.fields ?? []} value={conditions} idPrefix={`${id}-filter`}
        onChange={(next) => {
          setConditions(next);
          const filter = toFilter(next, object?.fields ?? []);
          onChange({ ...value, filter: Object.keys(filter).length ? filter : undefined });
        }} />
      <Button danger onClick={onRemove}>{t('editor.removeBlock', { n: index + 1 })}</Button>
    </fieldset>
  );
}
