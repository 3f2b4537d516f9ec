import { App, Button, DatePicker, Input, InputNumber, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { Select } from '../../ui/design/Select.tsx';
import { toApiValue } from '../form/values.ts';
import { OwnerPicker, useOwnerChoice } from '../owner/OwnerPicker.tsx';
import { UserSwitchOutlined } from '../../ui/design/icons.tsx';

interface BulkBarProps {
  object: ObjectMeta;
  count: number;
  update(data: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
  /** Gives the selected records to `owner` (one atomic updateMany); names the selected records it left as they were. */
  changeOwner(owner: string): Promise<{ changed: number; skipped: string[] }>;
}

const SETTABLE = new Set(['text', 'longText', 'email', 'phone', 'url', 'number', 'integer', 'percent', 'boolean', 'date', 'select', 'uuid']);
const NUMERIC = new Set(['number', 'integer', 'percent']);

/** The value to set, typed the way the field takes it (as text: `toApiValue` converts it like the form does). */
function BulkValue({ field, value, onChange }: { field: FieldMeta | undefined; value: string; onChange(v: string): void }) {
  const { t } = useTranslation('records');
  const label = t('bulk.value');
  if (field?.type === 'select' || field?.type === 'boolean') {
    const options = field.type === 'boolean'
      ? [{ value: 'true', label: t('record.yes') }, { value: 'false', label: t('record.no') }]
      : (field.options ?? []).map((o) => ({ value: o.value, label: o.label }));
    return <Select aria-label={label} value={value} onChange={onChange} className="bulk-value" options={[{ value: '', label: t('form.none') }, ...options]} />;
  }
  if (field && NUMERIC.has(field.type)) {
    return <InputNumber<number> aria-label={label} value={value === '' ? null : Number(value)} onChange={(v) => onChange(v === null ? '' : String(v))} className="bulk-value" />;
  }
  if (field?.type === 'date') {
    return <DatePicker aria-label={label} value={value ? dayjs(value, 'YYYY-MM-DD') : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : '')} className="bulk-value" />;
  }
  return <Input aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="bulk-value" />;
}

/** What can be done to the selected records: set one field to a value for all, or delete them (after a confirm). */
export function BulkBar({ object, count, update, remove, changeOwner }: BulkBarProps) {
  const { t } = useTranslation('records');
  const { modal } = App.useApp();
  const fields = object.fields.filter((f) => SETTABLE.has(f.type));
  const [fieldName, setFieldName] = useState(fields[0]?.name ?? '');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'warning' | 'danger'; text: string }>();
  const [owner, setOwner] = useOwnerChoice();
  const field = fields.find((f) => f.name === fieldName);
  /** Runs one bulk change; its outcome is a success, or a warning for a change that left some records as they were. */
  const run = async (work: () => Promise<string | { warning: string }>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const outcome = await work();
      setMessage(typeof outcome === 'string' ? { kind: 'success', text: outcome } : { kind: 'warning', text: outcome.warning });
    } catch (e) {
      setMessage({ kind: 'danger', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const confirmDelete = () => modal.confirm({
    title: t('bulk.confirmDelete', { count }),
    okText: t('bulk.delete'),
    okButtonProps: { danger: true },
    cancelText: t('form.cancel'),
    onOk: () => run(async () => { await remove(); return t('bulk.deleted', { count }); }),
  });
  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.selected', { count })}>
      <Typography.Text strong>{t('bulk.selected', { count })}</Typography.Text>
      <Select aria-label={t('bulk.field')} value={fieldName} onChange={(name) => { setFieldName(name); setValue(''); }} className="bulk-field"
        options={fields.map((f) => ({ value: f.name, label: f.label }))} />
      <BulkValue key={fieldName} field={field} value={value} onChange={setValue} />
      <Button disabled={busy || !field} onClick={() => run(async () => {
        const v = field!.type === 'boolean' ? (value === '' ? null : value === 'true') : toApiValue(field!, value);
        await update({ [field!.name]: v });
        return t('bulk.updated', { count });
      })}>{t('bulk.apply')}</Button>
      <Button danger disabled={busy} onClick={confirmDelete}>{t('bulk.delete')}</Button>
      {object.access.update && (
        <span className="bulk-owner">
          <OwnerPicker value={owner} onChange={setOwner} />
          <Button icon={<UserSwitchOutlined />} disabled={busy || !owner} onClick={() => run(async () => {
            const { changed, skipped } = await changeOwner(owner!.id);
            if (skipped.length === 0) return t('owner.bulkChanged', { count: changed, owner: owner!.label });
            // Not a failure (the others changed, in one transaction), but the user must see what was left and why.
            return { warning: t('owner.bulkPartly', { changed, count, owner: owner!.label, skipped: skipped.length, names: skipped.join(', ') }) };
          })}>{t('owner.bulkChange')}</Button>
        </span>
      )}
      {message && <Typography.Text role={message.kind === 'success' ? 'status' : 'alert'} type={message.kind}>{message.text}</Typography.Text>}
    </div>
  );
}
