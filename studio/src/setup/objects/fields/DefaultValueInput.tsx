import type { UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
import { FormInput, FormSelect, FormTextArea } from '../../../ui/design/form-controls.tsx';
import type { FieldTypeInfo } from '../api.ts';
import { defaultKind, type FieldFormValues } from './field-input.ts';

/** The default value, typed in the way the field type takes it (yes/no, number, one of the values, list, JSON). */
export function DefaultValueInput({ form, info, idPrefix }: { form: UseFormReturn<FieldFormValues>; info: FieldTypeInfo | undefined; idPrefix: string }) {
  const { t } = useTranslation('setup');
  const kind = defaultKind(info);
  const id = `${idPrefix}-defaultValue`;
  const message = form.formState.errors.defaultValue?.message;
  const options = form.watch('options');
  const common = {
    id, control: form.control, name: 'defaultValue' as const,
    'aria-invalid': message ? true : undefined, 'aria-describedby': message ? `${id}-error` : kind === 'json' || kind === 'list' ? `${id}-hint` : undefined,
  };
  const none = { value: '', label: t('fields.form.none') };
  let control;
  if (kind === 'boolean') {
    control = <FormSelect {...common} options={[none, { value: 'true', label: t('fields.form.yes') }, { value: 'false', label: t('fields.form.no') }]} />;
  } else if (kind === 'option') {
    control = <FormSelect {...common} options={[none, ...options.filter((o) => o.value.trim()).map((o) => ({ value: o.value, label: o.label || o.value }))]} />;
  } else if (kind === 'json') {
    control = <FormTextArea {...common} autoSize={{ minRows: 2, maxRows: 6 }} />;
  } else {
    control = <FormInput {...common} inputMode={kind === 'number' ? 'decimal' : undefined} status={message ? 'error' : undefined} />;
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
