import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../../api/record-objects.ts';
import { recordTitle } from '../data/labels.ts';
import { useRecordContext } from '../form/record-context.ts';
import type { Choice } from './RecordPicker.tsx';
import { searchRecords } from './ReferenceInputs.tsx';
import { inputAria, type WidgetProps } from './types.ts';

/**
 * manyToMany: several records of the target, picked by search-as-you-type (RecordPicker's remote
 * search, 200 ms after the last key) and shown as removable tags; the value is their ids. Labels of
 * the records linked when the form opened come from the record itself.
 */
export function ManyToManyInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const objects = useRecordObjects();
  const target = objects.data?.find((o) => o.name === p.field.target);
  const record = useRecordContext();
  const [labels, setLabels] = useState<Map<string, string>>(() => {
    const nodes = ((record?.[p.field.name] as { nodes?: Record<string, unknown>[] } | null)?.nodes ?? []);
    return new Map(nodes.map((n) => [String(n.id), target ? recordTitle(target, n) : String(Object.entries(n).find(([k]) => k !== 'id')?.[1] ?? n.id)]));
  });
  const [choices, setChoices] = useState<Choice[]>([]);
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const request = useRef(0);
  useEffect(() => {
    if (text === null || !target) return;
    const mine = ++request.current;
    setLoading(true);
    const timer = setTimeout(() => {
      searchRecords(target, text).then(
        (found) => { if (mine === request.current) { setChoices(found); setLoading(false); } },
        () => { if (mine === request.current) { setChoices([]); setLoading(false); } },
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [text, target]);
  const ids = (Array.isArray(field.value) ? field.value : []) as string[];
  const { status, ...aria } = inputAria(p);
  return (
    <Select<{ value: string; label: string }[]>
      {...aria}
      id={p.id}
      aria-label={p.field.label}
      ref={field.ref}
      className="record-picker"
      mode="multiple"
      status={status}
      virtual={false}
      labelInValue
      showSearch={{ filterOption: false, onSearch: setText }}
      onOpenChange={(open) => { if (open) setText(''); }}
      notFoundContent={loading ? <Spin size="small" aria-label={t('form.searching')} /> : t('form.noMatches')}
      value={ids.map((id) => ({ value: id, label: labels.get(id) ?? id }))}
      options={choices.map((c) => ({ value: c.id, label: c.label }))}
      onChange={(picked) => {
        const next = new Map(labels);
        for (const c of picked) next.set(c.value, String(c.label));
        setLabels(next);
        field.onChange(picked.map((c) => c.value));
      }}
      onBlur={field.onBlur}
    />
  );
}
