import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { toApiValue } from '../form/values.ts';

interface BulkBarProps {
  object: ObjectMeta;
  count: number;
  update(data: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
}

const SETTABLE = new Set(['text', 'longText', 'email', 'phone', 'url', 'number', 'integer', 'percent', 'boolean', 'date', 'select', 'uuid']);

/** What can be done to the selected records: set one field to a value for all, or delete them (after a confirm). */
export function BulkBar({ object, count, update, remove }: BulkBarProps) {
  const { t } = useTranslation('records');
  const fields = object.fields.filter((f) => SETTABLE.has(f.type));
  const [fieldName, setFieldName] = useState(fields[0]?.name ?? '');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const field = fields.find((f) => f.name === fieldName);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ error: false, text: await work() });
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.selected', { count })}>
      <strong>{t('bulk.selected', { count })}</strong>
      <select aria-label={t('bulk.field')} value={fieldName} onChange={(e) => { setFieldName(e.target.value); setValue(''); }}>
        {fields.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
      </select>
      {field?.type === 'select' || field?.type === 'boolean' ? (
        <select aria-label={t('bulk.value')} value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="">{t('form.none')}</option>
          {field.type === 'boolean'
            ? [<option key="t" value="true">{t('record.yes')}</option>, <option key="f" value="false">{t('record.no')}</option>]
            : (field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      ) : (
        <input aria-label={t('bulk.value')} type={field?.type === 'date' ? 'date' : 'text'} value={value} onChange={(e) => setValue(e.target.value)} />
      )}
      <button type="button" disabled={busy || !field} onClick={() => run(async () => {
        const v = field!.type === 'boolean' ? (value === '' ? null : value === 'true') : toApiValue(field!, value);
        await update({ [field!.name]: v });
        return t('bulk.updated', { count });
      })}>{t('bulk.apply')}</button>
      <button type="button" className="danger" disabled={busy} onClick={() => {
        if (window.confirm(t('bulk.confirmDelete', { count }))) void run(async () => { await remove(); return t('bulk.deleted', { count }); });
      }}>{t('bulk.delete')}</button>
      {message && <span role={message.error ? 'alert' : 'status'}>{message.text}</span>}
    </div>
  );
}
