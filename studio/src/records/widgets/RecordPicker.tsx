import { CloseCircleFilled } from '../../ui/design/icons.tsx';
import { Select, Spin, type SelectProps } from 'antd';
import { useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

export interface Choice {
  id: string;
  label: string;
}

interface RecordPickerProps {
  id?: string;
  /** The field's label: names the clear button. */
  label: string;
  value: string;
  /** The chosen record's label, when known. */
  valueLabel: string | undefined;
  search(text: string): Promise<Choice[]>;
  onChange(choice: Choice | null): void;
  onBlur?(): void;
  selectRef?: Ref<any>;
  disabled?: boolean;
  status?: SelectProps['status'];
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

/**
 * Search-as-you-type over records or users: antd's Select with remote search (the server filters,
 * 200 ms after the last key), its value shown by label even before any search ran.
 */
export function RecordPicker({ label, value, valueLabel, search, onChange, onBlur, selectRef, ...rest }: RecordPickerProps) {
  const { t } = useTranslation('records');
  const [choices, setChoices] = useState<Choice[]>([]);
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const request = useRef(0);
  useEffect(() => {
    if (text === null) return;
    const mine = ++request.current;
    setLoading(true);
    const timer = setTimeout(() => {
      search(text).then(
        (found) => { if (mine === request.current) { setChoices(found); setLoading(false); } },
        () => { if (mine === request.current) { setChoices([]); setLoading(false); } },
      );
    }, 200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return (
    <Select<{ value: string; label: string }>
      {...rest}
      ref={selectRef}
      className="record-picker"
      virtual={false}
      labelInValue
      showSearch={{ filterOption: false, onSearch: setText }}
      onOpenChange={(open) => { if (open) setText(''); }}
      notFoundContent={loading ? <Spin size="small" aria-label={t('form.searching')} /> : t('form.noMatches')}
      allowClear={{ label: t('form.clear', { field: label }), clearIcon: <CloseCircleFilled /> }}
      value={value ? { value, label: valueLabel ?? value } : null}
      options={choices.map((c) => ({ value: c.id, label: c.label }))}
      onChange={(picked) => onChange(picked ? { id: picked.value, label: String(picked.label) } : null)}
      onBlur={onBlur}
    />
  );
}
