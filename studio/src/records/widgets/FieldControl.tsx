import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { FormField } from '../form/layout.ts';
import { widgetFor } from './registry.ts';

/** One field of a form: its visible label, its widget, help text and error (linked by aria-describedby). */
export function FieldControl({ field, idPrefix }: { field: FormField; idPrefix: string }) {
  const { t } = useTranslation('records');
  const { formState: { errors } } = useFormContext();
  const meta = field.meta;
  const id = `${idPrefix}-${meta.name}`;
  const error = errors[meta.name];
  const message = typeof error?.message === 'string' ? error.message : error ? t('validation.invalid') : undefined;
  const describedBy = [message ? `${id}-error` : null, meta.helpText ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  const Widget = widgetFor(meta.type);
  const checkbox = meta.type === 'boolean';
  return (
    <div className={`form-field${checkbox ? ' checkbox-field' : ''}`} data-field={meta.name}>
      <span className="label-row">
        <label htmlFor={id} id={`${id}-label`}>{meta.label}</label>
        {field.required && <span className="required-mark" aria-hidden="true">*</span>}
      </span>
      <Widget field={meta} id={id} required={field.required} readOnly={field.readOnly} invalid={Boolean(message)} describedBy={describedBy} />
      {meta.helpText && <p id={`${id}-help`} className="hint">{meta.helpText}</p>}
      {message && <p id={`${id}-error`} className="field-error">{message}</p>}
    </div>
  );
}
