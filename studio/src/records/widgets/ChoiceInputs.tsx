import { Input, Rate } from 'antd';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ratingMax } from '../../ui/field-kinds.ts';
import { inputAria, type WidgetProps } from './types.ts';

/** rating: 1 to `max` stars (antd Rate: arrows and clicks; clicking the chosen star again clears it). */
export function RatingInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  const value = typeof field.value === 'number' ? field.value : 0;
  return (
    <Rate id={p.id} className="rating-input" count={ratingMax(p.field)} allowClear disabled={p.readOnly}
      {...({ role: 'radiogroup' } as object)} aria-labelledby={`${p.id}-label`} aria-describedby={p.describedBy} aria-invalid={p.invalid || undefined}
      value={value} onChange={(v) => field.onChange(v > 0 ? v : null)} onBlur={field.onBlur} ref={field.ref as never} />
  );
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** color: `#RRGGBB` typed, or picked with the browser's colour picker beside it (both change the one value). */
export function ColorInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const text = (field.value as string | null) ?? '';
  return (
    <Input
      id={p.id}
      className="color-input"
      placeholder="#RRGGBB"
      maxLength={7}
      spellCheck={false}
      {...inputAria(p)}
      ref={field.ref}
      name={field.name}
      value={text}
      onChange={(e) => field.onChange(e.target.value)}
      onBlur={field.onBlur}
      prefix={
        <input type="color" className="color-swatch" aria-label={t('form.pickColor', { field: p.field.label })} disabled={p.readOnly}
          value={HEX.test(text) ? text.toLowerCase() : '#000000'} onChange={(e) => field.onChange(e.target.value.toUpperCase())} />
      }
    />
  );
}
