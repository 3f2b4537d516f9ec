import { CloseOutlined, PlusOutlined } from '../../ui/design/icons.tsx';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { Select } from '../../ui/design/Select.tsx';
import { needsValue, operatorsOf, ownerFilterField, type Condition } from '../../ui/filter-model.ts';
import { FilterValue } from './FilterValue.tsx';
import { filterFieldsOf } from '../../ui/composite-kinds.ts';

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
  // Composites as a whole and part by part (`Office · city`).
  // …and the record's owner (the system field the shared views "my records" and "public pool" use).
  const fields = [...filterFieldsOf(object.fields).filter((f) => f.capabilities.filterable && f.operators.length > 0), ownerFilterField(t('owner.label'))];
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
            <Select aria-label={t('filter.field', { n })} value={c.field} className="filter-field"
              onChange={(name) => { const f = fields.find((x) => x.name === name)!; patch(i, { field: f.name, op: operatorsOf(f)[0], value: '', extra: undefined }); }}
              options={fields.map((f) => ({ value: f.name, label: f.label }))} />
            <Select aria-label={t('filter.operator', { n })} value={c.op} className="filter-operator" onChange={(op) => patch(i, { op, value: '', extra: undefined })}
              options={operatorsOf(field).map((op) => ({ value: op, label: t(`filter.ops.${op}`) }))} />
            {needsValue(c.op) && <FilterValue key={`${c.field}-${c.op}`} field={field} condition={c} n={n} onChange={(change) => patch(i, change)} />}
            <Button type="text" icon={<CloseOutlined />} aria-label={t('filter.remove', { n })} onClick={() => setDraft((d) => d.filter((_, j) => j !== i))} />
          </div>
        );
      })}
      <div className="filter-row">
        <Button icon={<PlusOutlined />} onClick={add}>{t('filter.add')}</Button>
        <Button type="primary" htmlType="submit">{t('filter.apply')}</Button>
        {(draft.length > 0 || conditions.length > 0) && <Button onClick={() => { setDraft([]); onApply([]); }}>{t('filter.clear')}</Button>}
      </div>
    </form>
  );
}
