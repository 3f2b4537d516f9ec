import { InputNumber } from 'antd';
import { useController } from 'react-hook-form';
import { parseNumber } from '../form/values.ts';
import { inputAria, type WidgetProps } from './types.ts';

/**
 * number, integer, percent (and a currency's amount): antd's InputNumber (arrows and the keyboard
 * step it). The form holds what was typed, not only what parsed, so that the field's schema — not the
 * control — judges "1.5" for an integer or "lots" for a number and says why.
 */
export function NumberControl({ name, p, suffix, placeholder }: { name: string; p: WidgetProps; suffix?: string; placeholder?: string }) {
  const { field } = useController({ name });
  const parsed = parseNumber(field.value);
  return (
    <InputNumber<number>
      id={p.id}
      className="number-input"
      inputMode={p.field.type === 'integer' ? 'numeric' : 'decimal'}
      placeholder={placeholder}
      suffix={suffix}
      {...inputAria(p)}
      ref={field.ref}
      name={field.name}
      value={typeof parsed === 'number' ? parsed : null}
      onInput={(text) => field.onChange(text)}
      // Steps (arrows, keyboard) change the value without typing.
      onChange={(value) => { if (typeof value === 'number' && value !== parsed) field.onChange(String(value)); }}
      onBlur={field.onBlur}
    />
  );
}

export function NumberInput(p: WidgetProps) {
  return <NumberControl name={p.field.name} p={p} suffix={p.field.type === 'percent' ? '%' : undefined} />;
}
