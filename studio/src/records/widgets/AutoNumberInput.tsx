import { Input } from 'antd';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from './types.ts';

/** autoNumber: the number the platform gave the record, never edited; a new record's says it comes on save. */
export function AutoNumberInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  return (
    <Input id={p.id} className="auto-number-input" readOnly disabled aria-describedby={p.describedBy}
      value={(field.value as string | null) ?? ''} placeholder={t('form.assignedOnSave')} />
  );
}
