import type { UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
import type { FieldTypeInfo } from '../api.ts';
import { defaultKind, type FieldFormValues } from './field-input.ts';

/** The default value, typed in the way the field type takes it (yes/no, number, one of the values, list, JSON). */
export function DefaultValueInput({ form, info, idPrefix }: { form: UseFormReturn<FieldFormValues>; info: FieldTypeInfo | undefined; idPrefix: string }) {
  const { t } = useTranslation('setup');
  const kind = defaultKind(info);
  const id = `${idPrefix}-defaultValue`;
  const message = form.formState.errors.defaultValue?.message;
  const options = form.watch('options');
  const common = { id, ...form.register('defaultValue'), 'aria-invalid': message ? true : undefined, 'aria-describedby': message ? `${id}-error` : kind === 'json' || kind === 'list' ? `${id}-hint` : undefined };
  let control;
  if (kind === 'boolean') {
    control = (
      <select {...common}>
        <option value="">{t('fields.form.none')}</option>
        <option value="true">{t('fields.form.yes')}</option>
        <option value="false">{t('fields.form.no')}</option>
      </select>
    );
  } else if (kind === 'option') {
    control = (
      <select {...common}>
        <option value="">{t('fields.form.none')}</option>
        {options.filter((o) => o.value.trim()).map((o) => <option key={o.value} value={o.value}>{o.label || o.value}</option>)}
      </select>
    );
  } else if (kind === 'json') {
    control = <textarea rows={2} {...common} />;
  } else {
    control = <input inputMode={kind === 'number' ? 'decimal' : undefined} {...common} />;
  }
  return (
    <div className="form-row">
      <label htmlFor={id}>{t('fields.form.defaultValue')}</label>
      {control}
      {kind === 'json' && <p id={`${id}-hint`} className="hint">{t('fields.form.defaultJsonHint')}</p>}
      {kind === 'list' && <p id={`${id}-hint`} className="hint">{t('fields.form.defaultListHint')}</p>}
      <ErrorText id={`${id}-error`} message={message} />
    </div>
  );
}
