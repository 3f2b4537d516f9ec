import { Alert, Button } from 'antd';
import { useId, useMemo, useState } from 'react';
import { FormProvider, useForm, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/graphql.ts';
import { type ObjectMeta } from '../../api/metadata.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { recordsApi, type RecordData } from '../data/records-api.ts';
import { DuplicateList } from '../duplicates/DuplicateList.tsx';
import { duplicateRefusal, matchIds, mergePath, type DuplicateRefusal } from '../duplicates/duplicates.ts';
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
  const sections = useMemo(() => formSections(object, i18n.language, { creating: !record }), [object, i18n.language, record]);
  const fields = useMemo(() => formFields(sections), [sections]);
  const resolver = useMemo(() => recordResolver(fields, t), [fields, t]);
  const defaultValues = useMemo(
    () => Object.fromEntries(object.fields.map((f) => [f.name, toFormValue(f, record ? record[f.name] : f.defaultValue ?? null)])),
    [object, record],
  );
  const form = useForm<FieldValues>({ resolver, defaultValues, mode: 'onSubmit', reValidateMode: 'onChange' });
  const [formError, setFormError] = useState<string>();
  const names = useMemo(() => new Set(fields.map((f) => f.meta.name)), [fields]);

  const navigate = useNavigate();
  const { t: td } = useTranslation('duplicates');
  // A write refused for duplicates: the matches, and the data that was sent (to send again as it was).
  const [duplicates, setDuplicates] = useState<DuplicateRefusal & { data: Record<string, unknown> }>();
  const [resending, setResending] = useState(false);

  /** One write of the form's data; `allowDuplicates` after the user has seen the matches. */
  const write = async (data: Record<string, unknown>, allowDuplicates = false): Promise<RecordData> => {
    const api = recordsApi(object, objects.data ?? []);
    // An update sets a many-to-many's links as a whole ({set}: the update input's LinksInput).
    if (record) return Object.keys(data).length ? api.update(record.id, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, object.fields.find((f) => f.name === k)?.type === 'manyToMany' ? { set: v } : v])), { allowDuplicates }) : record;
    return api.create(data, { allowDuplicates });
  };
  const refused = (error: unknown, data: Record<string, unknown>) => {
    const found = duplicateRefusal(error);
    setDuplicates(found ? { ...found, data } : undefined);
    // A record waiting for approval is locked (approvals plugin): said plainly, in the UI language.
    setFormError(found ? undefined : error instanceof ApiError && error.code === 'LOCKED' ? t('approvals:lockedSave') : applyServerError(error, names, form.setError));
  };

  const submit = form.handleSubmit(async (input) => {
    setFormError(undefined);
    setDuplicates(undefined);
    const dirty = form.formState.dirtyFields as Record<string, unknown>;
    const data = record
      ? Object.fromEntries(Object.entries(input).filter(([k]) => dirty[k]))
      : Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null));
    try {
      onSaved(await write(data));
    } catch (error) {
      refused(error, data);
    }
  });

  /** Save anyway: the same data again, keeping the duplicates (WARN rules only). */
  const saveAnyway = async () => {
    if (!duplicates) return;
    setResending(true);
    try {
      onSaved(await write(duplicates.data, true));
    } catch (error) {
      refused(error, duplicates.data);
    } finally {
      setResending(false);
    }
  };

  /**
   * Merge: the record with its matches on the merge screen. A new record is saved first (WARN: kept
   * with allowDuplicates) so there is a record to merge; the existing ones come first, the default master.
   */
  const merge = async () => {
    if (!duplicates) return;
    const ids = matchIds(duplicates.matches);
    if (record) return navigate(mergePath(object.name, [...ids, record.id]));
    setResending(true);
    try {
      const created = await write(duplicates.data, true);
      navigate(mergePath(object.name, [...ids, created.id]));
    } catch (error) {
      refused(error, duplicates.data);
    } finally {
      setResending(false);
    }
  };

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
          {duplicates && (
            <DuplicateList object={object} matches={duplicates.matches} blocked={!duplicates.overridable}>
              {duplicates.overridable && <Button onClick={saveAnyway} loading={resending}>{td('warning.saveAnyway')}</Button>}
              {matchIds(duplicates.matches).length > 0 && (record || duplicates.overridable) && object.access.delete && (
                <Button onClick={merge} disabled={resending}>{td('warning.merge')}</Button>
              )}
            </DuplicateList>
          )}
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
