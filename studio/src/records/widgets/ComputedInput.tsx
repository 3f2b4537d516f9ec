import { Input } from 'antd';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from './types.ts';

/** formula, rollup: the value the platform computes (from the record, from its children), shown and never edited (no input carries it). */
export function ComputedInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const value = field.value;
  return (
    <Input id={p.id} className="computed-input" readOnly disabled aria-describedby={p.describedBy}
      value={value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)}
      placeholder={t('form.computed')} />
  );
}
