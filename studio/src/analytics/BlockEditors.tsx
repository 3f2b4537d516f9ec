import { Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { Select } from '../ui/design/Select.tsx';
import { stageFieldsOf, trackedObjects } from './api.ts';
import { dayStart } from './FunnelPage.tsx';
import type { ForecastBlock, FunnelBlock } from './blocks.tsx';

interface Props<B> { value: B; objects: ObjectMeta[]; onChange(next: B): void; onRemove(): void; index: number }

/** A new funnel block over the first object with a tracked stage field (null when there is none). */
export function newFunnelBlock(id: string, objects: ObjectMeta[]): FunnelBlock | null {
  const object = trackedObjects(objects)[0];
  return object ? { id, type: 'funnel', object: object.name, stageField: stageFieldsOf(object)[0].name } : null;
}

export function newForecastBlock(id: string, objects: ObjectMeta[]): ForecastBlock | null {
  const object = trackedObjects(objects)[0];
  return object ? { id, type: 'forecast', object: object.name, period: 'quarter' } : null;
}

/** A funnel block: title, object, stage field, group by, dates. */
export function FunnelBlockEditor({ value, objects, onChange, onRemove, index }: Props<FunnelBlock>) {
  const { t } = useTranslation('analytics');
  const id = `block-${index}`;
  const tracked = trackedObjects(objects);
  const object = tracked.find((o) => o.name === value.object);
  const groupable = (object?.fields ?? []).filter((f) => f.capabilities.groupable && f.name !== value.stageField);
  // The block keeps instants; the inputs show their local day.
  const day = (iso?: string) => {
    if (!iso) return '';
    const d = new Date(iso);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  return (
    <fieldset className="chart-block-editor">
      <legend>{t('blocks.funnel', { n: index + 1 })}</legend>
      <div className="form-row">
        <label htmlFor={`${id}-title`}>{t('blocks.title')}</label>
        <Input id={`${id}-title`} value={value.title ?? ''} onChange={(e) => onChange({ ...value, title: e.target.value || undefined })} />
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-object`}>{t('funnel.object')}</label>
        <Select id={`${id}-object`} value={value.object} className="block-select" options={tracked.map((o) => ({ value: o.name, label: o.pluralLabel }))}
          onChange={(name: string) => onChange({ id: value.id, type: 'funnel', title: value.title, object: name, stageField: stageFieldsOf(tracked.find((o) => o.name === name))[0]?.name ?? '' })} />
        <label htmlFor={`${id}-stage`}>{t('funnel.stageField')}</label>
        <Select id={`${id}-stage`} value={value.stageField} className="block-select" options={stageFieldsOf(object).map((f) => ({ value: f.name, label: f.label }))} onChange={(f: string) => onChange({ ...value, stageField: f })} />
        <label htmlFor={`${id}-group`}>{t('funnel.groupBy')}</label>
        <Select id={`${id}-group`} value={value.groupBy ?? ''} className="block-select" options={[{ value: '', label: t('funnel.noGroup') }, ...groupable.map((f) => ({ value: f.name, label: f.label }))]}
          onChange={(g: string) => onChange({ ...value, groupBy: g || undefined })} />
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-from`}>{t('funnel.from')}</label>
        <Input id={`${id}-from`} type="date" value={day(value.from)} onChange={(e) => onChange({ ...value, from: dayStart(e.target.value) })} />
        <label htmlFor={`${id}-to`}>{t('funnel.to')}</label>
        <Input id={`${id}-to`} type="date" value={day(value.to)} onChange={(e) => onChange({ ...value, to: dayStart(e.target.value) })} />
      </div>
      <Button danger onClick={onRemove}>{t('blocks.remove', { n: index + 1 })}</Button>
    </fieldset>
  );
}

/** A forecast block: title, object, period. */
export function ForecastBlockEditor({ value, objects, onChange, onRemove, index }: Props<ForecastBlock>) {
  const { t } = useTranslation('analytics');
  const id = `block-${index}`;
  return (
    <fieldset className="chart-block-editor">
      <legend>{t('blocks.forecast', { n: index + 1 })}</legend>
      <div className="form-row">
        <label htmlFor={`${id}-title`}>{t('blocks.title')}</label>
        <Input id={`${id}-title`} value={value.title ?? ''} onChange={(e) => onChange({ ...value, title: e.target.value || undefined })} />
      </div>
      <div className="toolbar">
        <label htmlFor={`${id}-object`}>{t('forecast.object')}</label>
        <Select id={`${id}-object`} value={value.object} className="block-select" options={trackedObjects(objects).map((o) => ({ value: o.name, label: o.pluralLabel }))} onChange={(name: string) => onChange({ ...value, object: name })} />
        <label htmlFor={`${id}-period`}>{t('forecast.period')}</label>
        <Input id={`${id}-period`} value={value.period} placeholder="quarter, 2025-Q2" onChange={(e) => onChange({ ...value, period: e.target.value })} />
      </div>
      <Button danger onClick={onRemove}>{t('blocks.remove', { n: index + 1 })}</Button>
    </fieldset>
  );
}
