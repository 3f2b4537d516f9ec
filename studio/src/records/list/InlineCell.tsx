import { CheckOutlined, CloseOutlined, EditOutlined } from '../../ui/design/icons.tsx';
import { Button } from 'antd';
import { useId, useMemo, useState } from 'react';
import { FormProvider, useForm, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { formatValue } from '../data/format.ts';
import type { RecordData } from '../data/records-api.ts';
import { RecordContext } from '../form/record-context.ts';
import { applyServerError } from '../form/server-errors.ts';
import { recordResolver } from '../form/validation.ts';
import { toFormValue } from '../form/values.ts';
import { widgetFor } from '../widgets/registry.ts';

interface InlineCellProps {
  object: ObjectMeta;
  field: FieldMeta;
  record: RecordData;
  name: string;
  save(id: string, data: Record<string, unknown>): Promise<RecordData>;
}

/** Types edited on the record page only: a formatting editor does not fit in a list row. */
const NOT_INLINE = new Set(['richText']);

/** A list cell: its value with an edit button (or double-click) that turns it into the field's widget; Enter saves. */
export function InlineCell({ field, record, name, save }: InlineCellProps) {
  const { t, i18n } = useTranslation('records');
  const [editing, setEditing] = useState(false);
  const text = formatValue(field, record[field.name], i18n.language, { yes: t('record.yes'), no: t('record.no'), empty: '' });
  if (editing) return <InlineEditor field={field} record={record} name={name} save={save} onDone={() => setEditing(false)} />;
  const shown = <CellValue field={field} value={record[field.name]} text={text} />;
  if (NOT_INLINE.has(field.type) || field.capabilities.readOnly) return <span className="cell-value">{shown}</span>;
  return (
    <span className="cell-value" onDoubleClick={() => setEditing(true)}>
      {shown}
      <Button type="text" size="small" className="cell-edit" icon={<EditOutlined />} aria-label={t('list.editCell', { field: field.label, name })} onClick={() => setEditing(true)} />
    </span>
  );
}

/** Images and signatures show a small thumbnail (named by the file's name); everything else its text. */
function CellValue({ field, value, text }: { field: FieldMeta; value: unknown; text: string }) {
  const file = value as { name?: string; url?: string; thumbnailUrl?: string | null } | null;
  if ((field.type === 'image' || field.type === 'signature') && file?.url) {
    return <img className="cell-thumbnail" src={file.thumbnailUrl ?? file.url} alt={file.name ?? ''} title={file.name} loading="lazy" style={{ maxHeight: 28, maxWidth: 56, verticalAlign: 'middle' }} />;
  }
  return <span title={text}>{text}</span>;
}

function InlineEditor({ field, record, name, save, onDone }: Omit<InlineCellProps, 'object'> & { onDone(): void }) {
  const { t } = useTranslation('records');
  const id = useId();
  const formFields = useMemo(() => [{ meta: field, required: field.required || field.type === 'masterDetail', readOnly: false }], [field]);
  const resolver = useMemo(() => recordResolver(formFields, t), [formFields, t]);
  const form = useForm<FieldValues>({ resolver, defaultValues: { [field.name]: toFormValue(field, record[field.name]) } });
  const [formError, setFormError] = useState<string>();
  const Widget = widgetFor(field.type);
  const submit = form.handleSubmit(async (input) => {
    try {
      await save(record.id, { [field.name]: input[field.name] ?? null });
      onDone();
    } catch (error) {
      setFormError(applyServerError(error, new Set([field.name]), form.setError));
    }
  });
  const fieldError = form.formState.errors[field.name]?.message;
  const message = formError ?? (typeof fieldError === 'string' ? fieldError : undefined);
  return (
    <RecordContext.Provider value={record}>
      <FormProvider {...form}>
        <form className="inline-editor" noValidate onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') onDone(); }}>
          <label htmlFor={`${id}-input`} className="visually-hidden">{t('list.editCell', { field: field.label, name })}</label>
          <Widget field={field} id={`${id}-input`} required={formFields[0].required} readOnly={false} invalid={Boolean(message)} describedBy={message ? `${id}-error` : undefined} />
          <Button htmlType="submit" type="text" size="small" icon={<CheckOutlined />} aria-label={t('list.saveCell', { field: field.label, name })} loading={form.formState.isSubmitting} />
          <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('list.cancelCell', { field: field.label, name })} onClick={onDone} />
          {message && <span id={`${id}-error`} role="alert" className="cell-error" title={message}>{message}</span>}
        </form>
      </FormProvider>
    </RecordContext.Provider>
  );
}
