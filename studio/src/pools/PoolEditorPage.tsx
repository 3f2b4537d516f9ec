import '../ui/admin.css';
import { App, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { FormMembersSelect } from '../setup/security/MembersSelect.tsx';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FieldError, FormError, invalidProps } from '../ui/FieldError.tsx';
import { usePools, useSavePools, type Pool } from './api.ts';
import { toPool, toValues, type Values } from './form-values.ts';

function PoolForm({ pool, pools, onDone }: { pool?: Pool; pools: Pool[]; onDone: () => void }) {
  const { t } = useTranslation('pools');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const save = useSavePools();
  const { control, handleSubmit, watch } = useForm<Values>({ defaultValues: toValues(pool) });
  const transfers = useFieldArray({ control, name: 'transfers' });
  const object = watch('object');
  const err = save.error;
  // Refusals point into the document (/pools/<i>/<key>): matched by the pointer's last segment.
  const fieldOf = (key: string) => key;
  const input = (key: keyof Values, label: string, props: Record<string, unknown> = {}) => (
    <div className="form-row">
      <label htmlFor={`pool-${key}`}>{label}</label>
      <FormInput control={control} name={key as 'name'} id={`pool-${key}`} {...invalidProps(err, fieldOf(key), `pool-${key}-error`)} {...props} />
      <FieldError error={err} field={fieldOf(key)} id={`pool-${key}-error`} />
    </div>
  );
  return (
    <form className="panel pool-form" aria-label={pool ? `${t('editor.edit')} ${pool.name}` : t('editor.add')}
      onSubmit={handleSubmit(async (v) => {
        const item = toPool(v, pool);
        await save.mutateAsync([...pools.filter((p) => p.name !== pool?.name), item]);
        message.success(t('editor.saved'));
        onDone();
      })}>
      {input('name', t('editor.name'), { disabled: !!pool })}
      {input('label', t('editor.label'))}
      <div className="form-row">
        <label htmlFor="pool-object">{t('editor.object')}</label>
        <FormSelect control={control} name="object" id="pool-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} style={{ minWidth: 200 }} />
      </div>
      <div className="form-row"><FormCheckbox control={control} name="default" id="pool-default">{t('editor.default')}</FormCheckbox></div>
      <div className="form-row">
        <label htmlFor="pool-members">{t('editor.members')}</label>
        <FormMembersSelect control={control} name="members" id="pool-members" {...invalidProps(err, 'members', 'pool-members-error')} />
        <FieldError error={err} field="members" id="pool-members-error" />
      </div>
      <div className="form-row">
        <label htmlFor="pool-managers">{t('editor.managers')}</label>
        <FormMembersSelect control={control} name="managers" id="pool-managers" {...invalidProps(err, 'managers', 'pool-managers-error')} />
        <FieldError error={err} field="managers" id="pool-managers-error" />
      </div>
      {input('privateCap', t('editor.privateCap'), { type: 'number', min: 0 })}
      {input('dailyClaimQuota', t('editor.dailyClaimQuota'), { type: 'number', min: 0 })}
      {input('reclaimCooldown', t('editor.reclaimCooldown'))}
      {input('firstFollowUp', t('editor.firstFollowUp'))}
      {input('overdue', t('editor.overdue'))}
      {input('remindBefore', t('editor.remindBefore'))}
      {input('followUpFields', t('editor.followUpFields'))}
      {input('activities', t('editor.activities'))}
      {input('releaseReasons', t('editor.releaseReasons'))}
      <fieldset>
        <legend>{t('editor.transfers')}</legend>
        {transfers.fields.map((f, i) => (
          <Space key={f.id} wrap>
            <FormInput control={control} name={`transfers.${i}.when`} aria-label={`${t('editor.when')} ${i + 1}`} placeholder='CONTAINS(notes, "…")' style={{ minWidth: 280 }} />
            <FormSelect control={control} name={`transfers.${i}.to`} aria-label={`${t('editor.to')} ${i + 1}`} style={{ minWidth: 160 }}
              options={pools.filter((p) => p.object === object && p.name !== pool?.name).map((p) => ({ value: p.name, label: p.label?.en ?? p.name }))} />
            <Button onClick={() => transfers.remove(i)}>{t('editor.removeTransfer')}</Button>
          </Space>
        ))}
        <Button onClick={() => transfers.append({ when: '', to: '' })}>{t('editor.addTransfer')}</Button>
      </fieldset>
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('editor.save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}

/** `/setup/pools`: the tenant's pools (kind `pools`), created, edited and deleted as one document section. */
export function PoolEditorPage() {
  const { t } = useTranslation('pools');
  const pools = usePools();
  const save = useSavePools();
  const [editing, setEditing] = useState<Pool | 'new' | null>(null);
  const all = pools.data ?? [];
  return (
    <div className="pools-editor">
      <Typography.Title level={1}>{t('editor.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('editor.intro')}</Typography.Paragraph>
      <FormError error={pools.error ?? save.error} />
      <Table<Pool> rowKey="name" size="small" dataSource={all} pagination={false} loading={pools.isLoading} locale={{ emptyText: t('empty') }}
        columns={[
          { key: 'name', title: t('editor.name'), render: (_, p) => p.label?.en ?? p.name },
          { key: 'object', title: t('editor.object'), dataIndex: 'object' },
          { key: 'cap', title: t('editor.privateCap'), render: (_, p) => p.privateCap ?? '—' },
          { key: 'quota', title: t('editor.dailyClaimQuota'), render: (_, p) => p.dailyClaimQuota ?? '—' },
          { key: 'actions', title: '', render: (_, p) => (
            <Space>
              <Button size="small" onClick={() => setEditing(p)} aria-label={`${t('editor.edit')} ${p.name}`}>{t('editor.edit')}</Button>
              <Button size="small" danger onClick={() => save.mutate(all.filter((x) => x.name !== p.name))} aria-label={`${t('editor.remove')} ${p.name}`}>{t('editor.remove')}</Button>
            </Space>
          ) },
        ]} />
      {editing === null && <Button type="primary" onClick={() => setEditing('new')}>{t('editor.add')}</Button>}
      {editing !== null && <PoolForm key={editing === 'new' ? 'new' : editing.name} pool={editing === 'new' ? undefined : editing} pools={all} onDone={() => setEditing(null)} />}
    </div>
  );
}
