import { Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { CloseOutlined, PlusOutlined } from './design/icons.tsx';
import { Select } from './design/Select.tsx';
import type { FieldMeta } from '../api/metadata.ts';
import { filterableFields, operatorsOf, typeKey, type FilterCondition } from './filter.ts';
import { LIST_OPS } from './filter-model.ts';

interface Props {
  /** The i18n namespace holding the `filter` strings (see filter-i18n.ts). */
  ns: string;
  fields: FieldMeta[];
  value: FilterCondition[];
  onChange(next: FilterCondition[]): void;
  idPrefix: string;
}

/** Conditions on an object's filterable fields, with the operators each field's type allows. */
export function FilterBuilder({ ns, fields, value, onChange, idPrefix }: Props) {
  const { t } = useTranslation(ns);
  const usable = filterableFields(fields);
  const set = (i: number, patch: Partial<FilterCondition>) => onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset className="filter-builder">
      <legend>{t('filter.legend')}</legend>
      {value.length === 0 && <p className="hint">{t('filter.none')}</p>}
      {value.map((c, i) => {
        const field = usable.find((f) => f.name === c.field);
        const operators = operatorsOf(field);
        const n = i + 1;
        return (
          <div className="filter-row" key={i}>
            <Select aria-label={t('filter.field', { n })} id={`${idPrefix}-field-${i}`} value={c.field} className="filter-field"
              onChange={(name) => {
                const next = usable.find((f) => f.name === name);
                set(i, { field: name, operator: operatorsOf(next)[0] ?? '', value: '' });
              }}
              options={[{ value: '', label: t('filter.chooseField') }, ...usable.map((f) => ({ value: f.name, label: f.label }))]} />
            <Select aria-label={t('filter.operator', { n })} value={c.operator} onChange={(operator) => set(i, { operator })} className="filter-operator"
              options={operators.map((o) => ({ value: o, label: t(`filter.operators.${o}`, { defaultValue: o }) }))} />
            {c.operator === 'isNull' ? (
              <Select aria-label={t('filter.value', { n })} value={c.value || 'true'} onChange={(value) => set(i, { value })} className="filter-value"
                options={[{ value: 'true', label: 'true' }, { value: 'false', label: 'false' }]} />
            ) : field?.options?.length && !LIST_OPS.has(c.operator) ? (
              <Select aria-label={t('filter.value', { n })} value={c.value} onChange={(value) => set(i, { value })} className="filter-value"
                options={[{ value: '', label: '' }, ...field.options.map((o) => ({ value: o.value, label: o.label }))]} />
            ) : typeKey(field?.type) === 'boolean' ? (
              <Select aria-label={t('filter.value', { n })} value={c.value} onChange={(value) => set(i, { value })} className="filter-value"
                options={[{ value: '', label: '' }, { value: 'true', label: 'true' }, { value: 'false', label: 'false' }]} />
            ) : (
              <Input aria-label={t('filter.value', { n })} value={c.value} onChange={(e) => set(i, { value: e.target.value })} className="filter-value"
                title={LIST_OPS.has(c.operator) ? t('filter.listHint') : undefined} />
            )}
            <Button type="text" icon={<CloseOutlined />} aria-label={t('filter.remove', { n })} onClick={() => onChange(value.filter((_, j) => j !== i))} />
          </div>
        );
      })}
      <div><Button icon={<PlusOutlined />} onClick={() => onChange([...value, { field: '', operator: '', value: '' }])}>{t('filter.add')}</Button></div>
    </fieldset>
  );
}
