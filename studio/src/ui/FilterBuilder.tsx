import { useTranslation } from 'react-i18next';
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
            <select aria-label={t('filter.field', { n })} id={`${idPrefix}-field-${i}`} value={c.field}
              onChange={(e) => {
                const next = usable.find((f) => f.name === e.target.value);
                set(i, { field: e.target.value, operator: operatorsOf(next)[0] ?? '', value: '' });
              }}>
              <option value="">{t('filter.chooseField')}</option>
              {usable.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
            </select>
            <select aria-label={t('filter.operator', { n })} value={c.operator} onChange={(e) => set(i, { operator: e.target.value })}>
              {operators.map((o) => <option key={o} value={o}>{t(`filter.operators.${o}`, { defaultValue: o })}</option>)}
            </select>
            {c.operator === 'isNull' ? (
              <select aria-label={t('filter.value', { n })} value={c.value || 'true'} onChange={(e) => set(i, { value: e.target.value })}>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : field?.options?.length && !LIST_OPS.has(c.operator) ? (
              <select aria-label={t('filter.value', { n })} value={c.value} onChange={(e) => set(i, { value: e.target.value })}>
                <option value="" />
                {field.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            ) : typeKey(field?.type) === 'boolean' ? (
              <select aria-label={t('filter.value', { n })} value={c.value} onChange={(e) => set(i, { value: e.target.value })}>
                <option value="" />
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input aria-label={t('filter.value', { n })} value={c.value} onChange={(e) => set(i, { value: e.target.value })}
                title={LIST_OPS.has(c.operator) ? t('filter.listHint') : undefined} />
            )}
            <button type="button" aria-label={t('filter.remove', { n })} onClick={() => onChange(value.filter((_, j) => j !== i))}>×</button>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...value, { field: '', operator: '', value: '' }])}>{t('filter.add')}</button>
    </fieldset>
  );
}
