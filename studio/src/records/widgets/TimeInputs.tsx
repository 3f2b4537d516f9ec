import { Input, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { inputAria, type WidgetProps } from './types.ts';

/**
 * duration: typed as people write durations — `1h 30m`, `90m`, `1:30:00`, ISO 8601 `PT1H30M`, or
 * seconds — and sent as seconds (`toApiValue`); text that is none of these stays for the schema to refuse.
 */
export function DurationInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  return (
    <Input id={p.id} className="duration-input" placeholder={t('form.durationHint')} {...inputAria(p)} ref={field.ref} name={field.name}
      value={(field.value as string | null) ?? ''} onChange={(e) => field.onChange(e.target.value)} onBlur={field.onBlur} />
  );
}

const FORMATS = ['HH:mm:ss', 'HH:mm'];

/** time: antd's TimePicker (hours and minutes, in the UI language); the form holds `HH:mm` text. */
export function TimeInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  const text = typeof field.value === 'string' ? field.value : '';
  const parsed = text ? dayjs(`2000-01-01 ${text}`, FORMATS.map((f) => `YYYY-MM-DD ${f}`), true) : null;
  return (
    <TimePicker
      id={p.id}
      className="time-input"
      format="HH:mm"
      {...inputAria(p)}
      ref={field.ref}
      name={field.name}
      value={parsed?.isValid() ? parsed : null}
      onChange={(value: Dayjs | null) => field.onChange(value ? value.format('HH:mm') : '')}
      onBlur={field.onBlur}
      onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }}
    />
  );
}
