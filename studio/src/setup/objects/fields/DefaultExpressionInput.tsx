import { Controller, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../../../api/record-objects.ts';
import { LazyExpressionEditor } from '../../../expressions/LazyExpressionEditor.tsx';
import { ErrorText } from '../ErrorText.tsx';
import type { FieldFormValues } from './field-input.ts';

/**
 * A field's `defaultExpression` (issue 13: `TODAY() + 30`, `$User.email`), in the expression editor:
 * completion of the object's fields, functions and `$User`, problems where they are as it is typed.
 * The server checks it against the field's type when the field is saved (refusals land below it).
 */
export function DefaultExpressionInput({ form, object, idPrefix }: { form: UseFormReturn<FieldFormValues>; object: string; idPrefix: string }) {
  const { t } = useTranslation('setup');
  const objects = useRecordObjects();
  const error = form.formState.errors.defaultExpression;
  const id = `${idPrefix}-defaultExpression`;
  return (
    <div className="form-row wide">
      <label htmlFor={id}>{t('fields.form.defaultExpression')}</label>
      {objects.data && (
        <Controller control={form.control} name="defaultExpression" render={({ field }) => (
          <LazyExpressionEditor objects={objects.data!} object={object} value={field.value ?? ''} onChange={field.onChange} user
            id={id} label={t('fields.form.defaultExpression')} invalid={Boolean(error)} describedBy={error ? `${id}-error` : undefined} />
        )} />
      )}
      <ErrorText id={`${id}-error`} message={error?.message} />
    </div>
  );
}
