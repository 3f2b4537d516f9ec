import { useController, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../../../api/record-objects.ts';
import type { PlacedProblem } from '../../../expressions/ExpressionEditor.tsx';
import { LazyExpressionEditor } from '../../../expressions/LazyExpressionEditor.tsx';
import { FormSelect } from '../../../ui/design/form-controls.tsx';
import { ErrorText } from '../ErrorText.tsx';
import type { FieldFormValues } from './field-input.ts';

/** A formula's returnType as the expression language names the type. */
const LANGUAGE_TYPE = { number: 'number', text: 'text', boolean: 'boolean', date: 'date', dateTime: 'datetime' } as const;
export const RETURN_TYPES = Object.keys(LANGUAGE_TYPE) as (keyof typeof LANGUAGE_TYPE)[];

/** Problems the server found in an expression it was sent, by the text it was sent (markers while it is unchanged). */
export interface ServerExpressionProblems {
  source: string;
  problems: PlacedProblem[];
}

/**
 * A formula's own properties: the return type, and the expression in the expression editor
 * (completion of the object's fields and functions, problems at their positions, the value over a
 * sample record as it is typed).
 */
export function FormulaOptions({ form, object, idPrefix, server }: { form: UseFormReturn<FieldFormValues>; object: string; idPrefix: string; server?: ServerExpressionProblems }) {
  const { t } = useTranslation('expressions');
  // Field types in lower camel, as the record pages' selections read them (the preview loads records).
  const objects = useRecordObjects();
  const { field } = useController({ control: form.control, name: 'expression' });
  const returnType = form.watch('returnType') as keyof typeof LANGUAGE_TYPE;
  const errors = form.formState.errors;
  const id = `${idPrefix}-expression`;
  return (
    <>
      <div className="form-row">
        <label htmlFor={`${idPrefix}-returnType`}>{t('returnType')}</label>
        <FormSelect control={form.control} name="returnType" id={`${idPrefix}-returnType`} aria-invalid={errors.returnType ? true : undefined}
          options={RETURN_TYPES.map((r) => ({ value: r, label: t(`returnTypes.${r}`) }))} />
        <ErrorText id={`${idPrefix}-returnType-error`} message={errors.returnType?.message} />
      </div>
      <div className="form-row wide">
        <label htmlFor={id}>{t('editor')}</label>
        {objects.data && (
          <LazyExpressionEditor objects={objects.data} object={object} value={field.value ?? ''} onChange={field.onChange}
            expect={LANGUAGE_TYPE[returnType]} user={false} preview id={id} label={t('editor')}
            serverProblems={server?.problems} serverSource={server?.source} describedBy={errors.expression ? `${id}-error` : undefined} />
        )}
        <ErrorText id={`${id}-error`} message={errors.expression?.message} />
      </div>
    </>
  );
}
