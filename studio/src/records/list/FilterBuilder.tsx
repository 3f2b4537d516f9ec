import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { needsValue, operatorsOf, type Condition } from '../../ui/filter-model.ts';
import { FilterValue } from './FilterValue.tsx';

interface FilterBuilderProps {
  object: ObjectMeta;
  conditions: Condition[];
  onApply(conditions: Condition[]): void;
}

/** Conditions built from each field's operators (field → operator → value), ANDed, applied together. */
export function FilterBuilder({ object, conditions, onApply }: FilterBuilderProps) {
  const { t } = useTranslation('records');
  const [draft, setDraft] = useState<Condition[]>(conditions);
  useEffect(() => setDraft(conditions), [conditions]);
  const fields = object.fields.filter((f) => f.capabilities.filterable && f.operators.length > 0);
  const patch = (i: number, change: Partial<Condition>) => setDraft((d) => d.map((c, j) => (j === i ? { ...c, ...change } : c)));
  const add = () => {
    const field = fields[0];
    if (field) setDraft((d) => [...d, { field: field.name, op: operatorsOf(field)[0], value: '' }]);
  };
  return (
    <form className="filter-builder" aria-label={t('filter.title')} onSubmit={(e) => { e.preventDefault(); onApply(draft); }}>
      {draft.map((c, i) => {
        const field = fields.find((f) => f.name === c.field) ?? fields[0];
        const n = i + 1;
        return (
          <div key={i} className="filter-row">
            <select aria-label={t('filter.field', { n })} value={c.field}
              onChange={(e) => { const f = fields.find((x) => x.name === e.target.value)!; patch(i, { field: f.name, op: operatorsOf(f)[0], value: '', extra: undefined }); }}>
              {fields.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
            </select>
            <select aria-label={t('filter.operator', { n })} value={c.op} onChange={(e) => patch(i, { op: e.target.value, value: '', extra: undefined })}>
              {operatorsOf(field).map((op) => <option key={op} value={op}>{t(`filter.ops.${op}`)}</option>)}
            </select>
            {needsValue(c.op) && <FilterValue key={`${c.field}-${c.op}`} field={field} condition={c} n={n} onChange={(change) => patch(i, change)} />}
            <button type="button" className="link" aria-label={t('filter.remove', { n })} onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}>✕</button>
          </div>
        );
      })}
      <div className="filter-row">
        <button type="button" onClick={add}>{t('filter.add')}</button>
        <button type="submit" className="primary">{t('filter.apply')}</button>
        {(draft.length > 0 || conditions.length > 0) && <button type="button" onClick={() => { setDraft([]); onApply([]); }}>{t('filter.clear')}</button>}
      </div>
    </form>
  );
}
