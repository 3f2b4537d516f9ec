import { CloseOutlined, PlusOutlined } from '../../../ui/design/icons.tsx';
import { Button } from 'antd';
import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
import type { FieldFormValues } from './field-input.ts';
import { FormInput } from '../../../ui/design/form-controls.tsx';

/** The values of a select or multi-select field: rows of value + label (en, zh-CN), added and removed. */
export function OptionsEditor({ form, idPrefix }: { form: UseFormReturn<FieldFormValues>; idPrefix: string }) {
  const { t } = useTranslation('setup');
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'options' });
  const errors = form.formState.errors;
  const cell = (i: number, key: 'value' | 'label' | 'labelZh', text: string) => {
    const id = `${idPrefix}-option-${i}-${key}`;
    const message = errors.options?.[i]?.[key]?.message;
    return (
      <td>
        <label htmlFor={id} className="visually-hidden">{text}</label>
        <FormInput control={form.control} name={`options.${i}.${key}` as const} id={id} placeholder={text} aria-invalid={message ? true : undefined} status={message ? 'error' : undefined} aria-describedby={message ? `${id}-error` : undefined} />
        <ErrorText id={`${id}-error`} message={message} />
      </td>
    );
  };
  return (
    <fieldset className="options-editor">
      <legend>{t('fields.form.options')}</legend>
      <ErrorText id={`${idPrefix}-options-error`} message={errors.options?.message ?? errors.options?.root?.message} />
      <table>
        <tbody>
          {fields.map((row, i) => (
            <tr key={row.id}>
              {cell(i, 'value', t('fields.form.optionValue', { n: i + 1 }))}
              {cell(i, 'label', t('fields.form.optionLabel', { n: i + 1 }))}
              {cell(i, 'labelZh', t('fields.form.optionLabelZh', { n: i + 1 }))}
              <td><Button type="text" icon={<CloseOutlined />} onClick={() => remove(i)} aria-label={t('fields.form.removeOption', { n: i + 1 })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button icon={<PlusOutlined />} onClick={() => append({ value: '', label: '', labelZh: '' })}>{t('fields.form.addOption')}</Button>
    </fieldset>
  );
}
