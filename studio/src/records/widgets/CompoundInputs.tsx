import { useTranslation } from 'react-i18next';
import { useFormContext } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** currency: the amount (labelled by the field) and its ISO 4217 code (defaults to the field's currency). */
export function CurrencyInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { register } = useFormContext();
  return (
    <span className="compound">
      <input id={p.id} type="text" inputMode="decimal" {...inputAria(p)} {...register(`${p.field.name}.amount`)} />
      <label className="sub-label">
        {t('form.currencyCode')}
        <input type="text" size={4} maxLength={3} autoCapitalize="characters" placeholder={p.field.currencyCode ?? 'USD'}
          aria-invalid={p.invalid || undefined} aria-describedby={p.describedBy} disabled={p.readOnly}
          {...register(`${p.field.name}.currency`, { setValueAs: (v: string) => (typeof v === 'string' ? v.toUpperCase() : v) })} />
      </label>
    </span>
  );
}

/** geolocation: latitude (labelled by the field) and longitude. */
export function GeolocationInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { register } = useFormContext();
  return (
    <span className="compound">
      <input id={p.id} type="text" inputMode="decimal" placeholder={t('form.latitude')} {...inputAria(p)} {...register(`${p.field.name}.lat`)} />
      <label className="sub-label">
        {t('form.longitude')}
        <input type="text" inputMode="decimal" aria-invalid={p.invalid || undefined} aria-describedby={p.describedBy} disabled={p.readOnly}
          {...register(`${p.field.name}.lng`)} />
      </label>
    </span>
  );
}
