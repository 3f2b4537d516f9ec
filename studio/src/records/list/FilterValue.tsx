import { DatePicker, Input, InputNumber } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type FieldMeta } from '../../api/metadata.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { Select } from '../../ui/design/Select.tsx';
import { LIST_OPS, ME, PERIODS, type Condition } from '../../ui/filter-model.ts';
import { RecordPicker } from '../widgets/RecordPicker.tsx';
import { countryCodes, countryName } from '../../ui/composite-kinds.ts';
import { searchRecords, searchUsers } from '../widgets/ReferenceInputs.tsx';

interface FilterValueProps {
  field: FieldMeta;
  condition: Condition;
  n: number;
  onChange(patch: Partial<Condition>): void;
}

/** The value input of a condition, by field type and operator. */
export function FilterValue({ field, condition, n, onChange }: FilterValueProps) {
  const { t, i18n } = useTranslation('records');
  const objects = useRecordObjects();
  const label = t('filter.value', { n });
  const value = condition.value;
  const set = (v: string) => onChange({ value: v });
  const count = (aria: string) => (
    <InputNumber<number> min={0} aria-label={aria} className="filter-number" value={condition.extra ? Number(condition.extra) : null}
      onChange={(v) => onChange({ extra: v === null ? '' : String(v) })} />
  );
  if (condition.op === 'relative') {
    return (
      <>
        <Select aria-label={label} value={value} onChange={set} className="filter-value"
          options={[{ value: '', label: t('filter.choose') }, ...PERIODS.map((p) => ({ value: p, label: t(`filter.periods.${p}`) }))]} />
        {(value === 'lastNDays' || value === 'nextNDays') && count(`${label} N`)}
      </>
    );
  }
  if (condition.op === 'within') {
    return (
      <>
        <Input aria-label={label} placeholder="lat, lng" value={value} onChange={(e) => set(e.target.value)} className="filter-value" />
        {count(`${label} ${t('filter.km')}`)}
      </>
    );
  }
  if (condition.op === 'overlaps') {
    // A date range: from (value) and to (extra), either blank for an open end.
    return (
      <>
        <Input type="date" aria-label={`${label} ${t('filter.from')}`} value={value} onChange={(e) => set(e.target.value)} className="filter-value" />
        <Input type="date" aria-label={`${label} ${t('filter.to')}`} value={condition.extra ?? ''} onChange={(e) => onChange({ extra: e.target.value })} className="filter-value" />
      </>
    );
  }
  if (field.type === 'country' && !LIST_OPS.has(condition.op)) {
    return <Select aria-label={label} value={value} onChange={set} className="filter-value" showSearch optionFilterProp="label"
      options={[{ value: '', label: t('filter.choose') }, ...countryCodes(field).map((c) => ({ value: c, label: countryName(c, i18n.language || 'en') }))]} />;
  }
  if (LIST_OPS.has(condition.op)) return <Input aria-label={label} title={t('filter.listHint')} placeholder={t('filter.listHint')} value={value} onChange={(e) => set(e.target.value)} className="filter-value" />;
  if (field.type === 'select') {
    return <Select aria-label={label} value={value} onChange={set} className="filter-value"
      options={[{ value: '', label: t('filter.choose') }, ...(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))]} />;
  }
  if (field.type === 'boolean') {
    return <Select aria-label={label} value={value} onChange={set} className="filter-value"
      options={[{ value: '', label: t('filter.choose') }, { value: 'true', label: t('filter.yes') }, { value: 'false', label: t('filter.no') }]} />;
  }
  // A tree filters by a record of its own object: its parent (eq), or under / above it.
  if (field.type === 'lookup' || field.type === 'masterDetail' || field.type === 'user' || field.type === 'tree') {
    const target = objects.data?.find((o) => o.name === field.target);
    // A user field may also be "me": whoever views the list (a shared view's "my records").
    const search = field.type === 'user'
      ? async (text: string) => [...(t('filter.me').toLowerCase().includes(text.toLowerCase()) || !text ? [{ id: ME, label: t('filter.me') }] : []), ...await searchUsers(text)]
      : (text: string) => (target ? searchRecords(target, text) : Promise.resolve([]));
    return (
      <RecordPicker id={`filter-${n}-value`} label={label} aria-label={label} value={value} valueLabel={condition.extra ?? (value === ME ? t('filter.me') : undefined)} search={search}
        onChange={(c) => onChange({ value: c?.id ?? '', extra: c?.label })} />
    );
  }
  if (field.type === 'date' || field.type === 'dateTime') {
    // The filter model takes the text as typed: a date, or a local date and time.
    const format = field.type === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DDTHH:mm';
    const parsed = value ? dayjs(value, format) : null;
    return (
      <DatePicker aria-label={label} className="filter-value" showTime={field.type === 'dateTime' ? { format: 'HH:mm' } : undefined}
        format={field.type === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm'} value={parsed?.isValid() ? parsed : null}
        onChange={(d) => set(d ? d.format(format) : '')} />
    );
  }
  return <Input aria-label={label} placeholder={PLACEHOLDERS[field.type] ? t(PLACEHOLDERS[field.type]) : undefined} value={value} onChange={(e) => set(e.target.value)} className="filter-value" />;
}

/** What a value of these types looks like, typed into a filter. */
const PLACEHOLDERS: Record<string, string> = { duration: 'form.durationHint', time: 'filter.timeHint', color: 'filter.colorHint', rating: 'filter.ratingHint' };
