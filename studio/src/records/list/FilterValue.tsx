import { useTranslation } from 'react-i18next';
import { type FieldMeta } from '../../api/metadata.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { Combobox } from '../widgets/Combobox.tsx';
import { searchRecords, searchUsers } from '../widgets/ReferenceInputs.tsx';
import { LIST_OPS, PERIODS, type Condition } from '../../ui/filter-model.ts';

interface FilterValueProps {
  field: FieldMeta;
  condition: Condition;
  n: number;
  onChange(patch: Partial<Condition>): void;
}

/** The value input of a condition, by field type and operator. */
export function FilterValue({ field, condition, n, onChange }: FilterValueProps) {
  const { t } = useTranslation('records');
  const objects = useRecordObjects();
  const label = t('filter.value', { n });
  const value = condition.value;
  const set = (v: string) => onChange({ value: v });
  if (condition.op === 'relative') {
    return (
      <>
        <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
          <option value="">{t('filter.choose')}</option>
          {PERIODS.map((p) => <option key={p} value={p}>{t(`filter.periods.${p}`)}</option>)}
        </select>
        {(value === 'lastNDays' || value === 'nextNDays') && (
          <input type="number" min={0} aria-label={`${label} N`} value={condition.extra ?? ''} onChange={(e) => onChange({ extra: e.target.value })} />
        )}
      </>
    );
  }
  if (condition.op === 'within') {
    return (
      <>
        <input aria-label={label} placeholder="lat, lng" value={value} onChange={(e) => set(e.target.value)} />
        <input type="number" min={0} aria-label={`${label} ${t('filter.km')}`} value={condition.extra ?? ''} onChange={(e) => onChange({ extra: e.target.value })} />
      </>
    );
  }
  if (LIST_OPS.has(condition.op)) return <input aria-label={label} title={t('filter.listHint')} placeholder={t('filter.listHint')} value={value} onChange={(e) => set(e.target.value)} />;
  if (field.type === 'select') {
    return (
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t('filter.choose')}</option>
        {(field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  }
  if (field.type === 'boolean') {
    return (
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t('filter.choose')}</option>
        <option value="true">{t('filter.yes')}</option>
        <option value="false">{t('filter.no')}</option>
      </select>
    );
  }
  if (field.type === 'lookup' || field.type === 'masterDetail' || field.type === 'user') {
    const target = objects.data?.find((o) => o.name === field.target);
    const search = field.type === 'user' ? searchUsers : (text: string) => (target ? searchRecords(target, text) : Promise.resolve([]));
    return (
      <Combobox id={`filter-${n}-value`} label={label} value={value} valueLabel={condition.extra} search={search}
        onChange={(c) => onChange({ value: c?.id ?? '', extra: c?.label })} invalid={false} describedBy={undefined} readOnly={false} required={false} ariaLabel={label} />
    );
  }
  const type = field.type === 'date' ? 'date' : field.type === 'dateTime' ? 'datetime-local' : 'text';
  return <input type={type} aria-label={label} value={value} onChange={(e) => set(e.target.value)} />;
}
