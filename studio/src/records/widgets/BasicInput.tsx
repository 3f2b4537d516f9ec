import { useFormContext } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

const INPUT_TYPES: Record<string, string> = {
  text: 'text', email: 'email', phone: 'tel', url: 'url', uuid: 'text', date: 'date', dateTime: 'datetime-local',
  number: 'text', integer: 'text', percent: 'text',
};
const NUMERIC = new Set(['number', 'integer', 'percent']);

/**
 * One-line inputs: text, email, phone, url, uuid, date, dateTime, number, integer, percent. Numbers are
 * typed as text with a numeric keyboard, so that the schema (not the browser) judges what was typed.
 */
export function BasicInput(p: WidgetProps) {
  const { register } = useFormContext();
  const numeric = NUMERIC.has(p.field.type);
  const input = (
    <input
      id={p.id}
      type={INPUT_TYPES[p.field.type] ?? 'text'}
      inputMode={numeric ? (p.field.type === 'integer' ? 'numeric' : 'decimal') : undefined}
      maxLength={p.field.maxLength ?? undefined}
      spellCheck={p.field.type === 'uuid' ? false : undefined}
      {...inputAria(p)}
      {...register(p.field.name)}
    />
  );
  if (p.field.type !== 'percent') return input;
  return <span className="with-suffix">{input}<span aria-hidden="true">%</span></span>;
}
