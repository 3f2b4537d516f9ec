import { Alert, Button } from 'antd';
import { useId, useMemo, useState } from 'react';
import { FormProvider, useForm, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type ObjectMeta } from '../../api/metadata.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { recordsApi, type RecordData } from '../data/records-api.ts';
import { FieldControl } from '../widgets/FieldControl.tsx';
import { formFields, formSections } from './layout.ts';
import { FormObjectContext, RecordContext } from './record-context.ts';
import { applyServerError } from './server-errors.ts';
import { recordResolver } from './validation.ts';
import { toFormValue } from './values.ts';

interface RecordFormProps {
  object: ObjectMeta;
  /** The record to edit; absent for a new one. */
  record?: RecordData | null;
  onSaved(record: RecordData): void;
  onCancel?(): void;
}

/**
 * A create or edit form generated from the object's metadata: sections and columns of its layout, a
 * widget per field type, validated in the browser against the fields' value schemas, then by the server.
 */
export function RecordForm({ object, record, onSaved, onCancel }: RecordFormProps) {
  const { t, i18n } = useTranslation('records');
  const objects = useRecordObjects();
  const idPrefix = useId();
  const sections = useMemo(() => formSections(object, i18n.language), [object, i18n.language]);
  const fields = useMemo(() => formFields(sections), [sections]);
  const resolver = useMemo(() => recordResolver(fields, t), [fields, t]);
  const defaultValues = useMemo(
    () => Object.fromEntries(object.fields.map((f) => [f.name, toFormValue(f, record ? record[f.name] : f.defaultValue ?? null)])),
    [object, record],
  );
  const form = useForm<FieldValues>({ resolver, defaultValues, mode: 'onSubmit', reValidateMode: 'onChange' });
  const [formError, setFormError] = useState<string>();
  const names = useMemo(() => new Set(fields.map((f) => f.meta.name)), [fields]);

  const submit = form.handleSubmit(async (input) => {
    setFormError(undefined);
    const api = recordsApi(object, objects.data ?? []);
    try {
      if (record) {
        const dirty = form.formState.dirtyFields as Record<string, unknown>;
        const changed = Object.fromEntries(Object.entries(input).filter(([k]) => dirty[k]));
        onSaved(Object.keys(changed).length ? await api.update(record.id, changed) : record);
      } else {
        onSaved(await api.create(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null))));
      }
    } catch (error) {
      setFormError(applyServerError(error, names, form.setError));
    }
  });

  const errorCount = Object.keys(form.formState.errors).length;
  return (
    <RecordContext.Provider value={record ?? null}>
      <FormObjectContext.Provider value={object.name}>
      <FormProvider {...form}>
        <form className="record-form" noValidate onSubmit={submit} aria-label={record ? t('form.editTitle', { object: object.label }) : t('form.newTitle', { object: object.label })}>
          {sections.map((section, i) => (
            // A fieldset (a group named by its legend) drawn like an antd Card.
            <fieldset key={i} className="form-section">
              {section.label && <legend>{section.label}</legend>}
              <div className="form-grid" style={{ gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))` }}>
                {section.fields.map((f) => <FieldControl key={f.meta.name} field={f} idPrefix={idPrefix} />)}
              </div>
            </fieldset>
          ))}
          {(formError || errorCount > 0) && <Alert role="alert" type="error" showIcon className="form-alert" title={formError ?? t('form.fixErrors', { count: errorCount })} />}
          <div className="toolbar">
            <Button type="primary" htmlType="submit" loading={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? t('form.saving') : t('form.save')}
            </Button>
            {onCancel && <Button onClick={onCancel}>{t('form.cancel')}</Button>}
          </div>
        </form>
      </FormProvider>
      </FormObjectContext.Provider>
    </RecordContext.Provider>
  );
}
