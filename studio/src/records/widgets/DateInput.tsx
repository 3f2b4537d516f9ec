import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useController } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** The form's text for each type (as `toFormValue` makes it) and the picker's display format. */
const FORMATS = {
  date: { value: 'YYYY-MM-DD', display: 'YYYY-MM-DD' },
  dateTime: { value: 'YYYY-MM-DDTHH:mm', display: 'YYYY-MM-DD HH:mm' },
} as const;

/**
 * date and dateTime: antd's DatePicker, whose calendar (month and weekday names, first day of the
 * week, "Today") follows the UI language through ConfigProvider — not the browser's, as a native
 * `<input type="date">` does. The form keeps the same text as before (`2026-05-01`, a local
 * `2026-05-01T09:30`), so validation and conversion do not change.
 */
export function DateInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  const kind = p.field.type === 'dateTime' ? 'dateTime' : 'date';
  const { value: valueFormat, display } = FORMATS[kind];
  const text = typeof field.value === 'string' ? field.value : '';
  const parsed = text ? dayjs(text, valueFormat) : null;
  return (
    <DatePicker
      id={p.id}
      className="date-input"
      format={display}
      showTime={kind === 'dateTime' ? { format: 'HH:mm' } : undefined}
      {...inputAria(p)}
      ref={field.ref}
      name={field.name}
      value={parsed?.isValid() ? parsed : null}
      onChange={(value: Dayjs | null) => field.onChange(value ? value.format(valueFormat) : '')}
      onBlur={field.onBlur}
      // Enter confirms the typed date; it must not also submit the form around the picker.
      onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }}
    />
  );
}
