import { App, Button, Checkbox, Input, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FormError, FormRow, invalidProps } from '../ui/FieldError.tsx';
import { EVENTS, useSaveWebhook, type Webhook } from './api.ts';
import { newSecret, toValues, toWebhook, type Values } from './form-values.ts';

const ITEM = 'webhooks';
const Row = (props: Parameters<typeof FormRow>[0]) => <FormRow item={ITEM} {...props} />;
const invalid = (error: unknown, field: string, id: string) => invalidProps(error, field, `${id}-error`, ITEM);

/**
 * One webhook: object, events, watched fields, URL, secret (write-only: a stored one is shown as
 * "set" and only replaced, never displayed), retries and timeout, active. Refusals show at their input.
 */
export function WebhookForm({ hook, onDone }: { hook?: Webhook; onDone: () => void }) {
  const { t } = useTranslation('webhooks');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const save = useSaveWebhook();
  const { control, handleSubmit, watch, setValue } = useForm<Values>({ defaultValues: toValues(hook) });
  const [changingSecret, setChangingSecret] = useState(!hook);
  const object = watch('object');
  // Watched fields are the object's: another object's picks mean nothing.
  const seen = useRef(object);
  useEffect(() => { if (seen.current !== object) setValue('fields', []); seen.current = object; }, [object, setValue]);
  const err = save.error;
  const fields = (objects.find((o) => o.name === object)?.fields ?? []).map((f) => ({ value: f.name, label: f.label }));
  const text = (key: 'name' | 'url' | 'maxAttempts' | 'retryDelaySeconds' | 'timeoutSeconds', props: Record<string, unknown> = {}) => (
    <Row id={`wh-${key}`} label={t(key)} error={err} field={key}>
      <FormInput control={control} name={key} id={`wh-${key}`} {...invalid(err, key, `wh-${key}`)} {...props} />
    </Row>
  );
  return (
    <form className="panel" aria-label={hook ? `${t('edit')} ${hook.name}` : t('add')} onSubmit={handleSubmit((v) => save.mutate(toWebhook(v, hook), { onSuccess: () => { message.success(t('saved')); onDone(); } }))}>
      {text('name', { disabled: !!hook })}
      <Row id="wh-object" label={t('object')} error={err} field="object">
        <FormSelect control={control} name="object" id="wh-object" style={{ minWidth: 220 }} options={objects.map((o) => ({ value: o.name, label: o.label }))} {...invalid(err, 'object', 'wh-object')} />
      </Row>
      <Row id="wh-events" label={t('events')} error={err} field="events">
        <Controller control={control} name="events" render={({ field }) => (
          <div id="wh-events" role="group" aria-label={t('events')} {...invalid(err, 'events', 'wh-events')}>
            <Checkbox.Group value={field.value} onChange={(v) => field.onChange(v)} options={EVENTS.map((e) => ({ value: e, label: t(`event.${e}`) }))} />
          </div>
        )} />
      </Row>
      <Row id="wh-fields" label={t('fields')} error={err} field="fields">
        <FormSelect control={control} name="fields" id="wh-fields" mode="multiple" allowClear style={{ minWidth: 320 }} options={fields} placeholder={t('anyField')} {...invalid(err, 'fields', 'wh-fields')} />
      </Row>
      {text('url', { placeholder: 'https://example.com/hooks/tessera', style: { maxWidth: 520 } })}
      <Row id="wh-secret" label={t('secret')} error={err} field="secret">
        {changingSecret ? (
          <Space.Compact>
            <Controller control={control} name="secret" render={({ field }) => (
              <Input.Password id="wh-secret" value={field.value} onChange={(e) => field.onChange(e.target.value)} autoComplete="new-password" style={{ width: 360 }} {...invalid(err, 'secret', 'wh-secret')} />
            )} />
            <Button onClick={() => setValue('secret', newSecret())}>{t('generate')}</Button>
          </Space.Compact>
        ) : (
          <Space>
            <Tag color="green" id="wh-secret" role="status" aria-label={t('secret')}>{t('secretSet')}</Tag>
            <Button size="small" onClick={() => setChangingSecret(true)}>{t('changeSecret')}</Button>
          </Space>
        )}
      </Row>
      {text('maxAttempts', { type: 'number', min: 1, max: 20, placeholder: '8', style: { width: 120 } })}
      {text('retryDelaySeconds', { type: 'number', min: 1, placeholder: '10', style: { width: 120 } })}
      {text('timeoutSeconds', { type: 'number', min: 1, max: 60, placeholder: '10', style: { width: 120 } })}
      <div className="form-row"><FormCheckbox control={control} name="active" id="wh-active">{t('active')}</FormCheckbox></div>
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}
