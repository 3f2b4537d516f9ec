import { InputNumber } from 'antd';
import { useMemo } from 'react';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { parseNumber } from '../form/values.ts';
import { inputAria, type WidgetProps } from './types.ts';

/**
 * How numbers read in a language: its digit grouping and decimal mark (Intl), for display, and the
 * way back from what is shown or typed to the plain number text the form and the schema work with.
 */
export function numberLocale(language: string) {
  const parts = new Intl.NumberFormat(language).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const display = new Intl.NumberFormat(language, { maximumFractionDigits: 20 });
  return {
    format: (value: number) => display.format(value),
    /** `1,234.5` (en) → `1234.5`; text that is no number stays as typed, for the schema to refuse. */
    plain: (text: string) => text.split(group).join('').replace(decimal, '.').trim(),
  };
}

/**
 * number, integer, percent (and a currency's amount): antd's InputNumber (arrows and the keyboard
 * step it), shown grouped the way the UI language writes numbers, not the browser's. The form holds
 * what was typed, not only what parsed, so that the field's schema — not the control — judges "1.5"
 * for an integer or "lots" for a number and says why.
 */
export function NumberControl({ name, p, suffix, placeholder }: { name: string; p: WidgetProps; suffix?: string; placeholder?: string }) {
  const { i18n } = useTranslation();
  // Stable across renders: InputNumber reformats its text whenever its formatter changes.
  const { formatter, parser, plain } = useMemo(() => {
    const locale = numberLocale(i18n.language);
    return {
      plain: locale.plain,
      // While typing, the text as typed; otherwise the value grouped in the UI language.
      formatter: (value: number | undefined, { userTyping, input }: { userTyping: boolean; input: string }) =>
        (userTyping ? input : value === undefined || value === null || String(value) === '' ? '' : locale.format(Number(value))),
      parser: (text: string | undefined) => Number(locale.plain(text ?? '')),
    };
  }, [i18n.language]);
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
      formatter={formatter}
      parser={parser}
      onInput={(text) => field.onChange(plain(text))}
      // Steps (arrows, keyboard) change the value without typing.
      onChange={(value) => { if (typeof value === 'number' && value !== parsed) field.onChange(String(value)); }}
      onBlur={field.onBlur}
    />
  );
}

export function NumberInput(p: WidgetProps) {
  return <NumberControl name={p.field.name} p={p} suffix={p.field.type === 'percent' ? '%' : undefined} />;
}
