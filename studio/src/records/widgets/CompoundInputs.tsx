import { Input } from 'antd';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { NumberControl } from './NumberInput.tsx';
import type { WidgetProps } from './types.ts';

/** currency: the amount (labelled by the field) and its ISO 4217 code (defaults to the field's currency). */
export function CurrencyInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: `${p.field.name}.currency` });
  return (
    <span className="compound">
      <NumberControl name={`${p.field.name}.amount`} p={p} />
      <label className="sub-label">
        {t('form.currencyCode')}
        <Input className="currency-code" maxLength={3} autoCapitalize="characters" placeholder={p.field.currencyCode ?? 'USD'}
          aria-invalid={p.invalid || undefined} aria-describedby={p.describedBy} disabled={p.readOnly} status={p.invalid ? 'error' : undefined}
          ref={field.ref} name={field.name} value={(field.value as string | null) ?? ''}
          onChange={(e) => field.onChange(e.target.value.toUpperCase())} onBlur={field.onBlur} />
      </label>
    </span>
  );
}

/** geolocation: latitude (labelled by the field) and longitude. */
export function GeolocationInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  return (
    <span className="compound">
      <NumberControl name={`${p.field.name}.lat`} p={p} placeholder={t('form.latitude')} />
      <label className="sub-label">
        {t('form.longitude')}
        <NumberControl name={`${p.field.name}.lng`} p={{ ...p, id: `${p.id}-lng`, required: false }} />
      </label>
    </span>
  );
}
