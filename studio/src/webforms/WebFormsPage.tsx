import '../ui/admin.css';
import { App, Button, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { useSession } from '../api/session.tsx';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FieldError, FormError, invalidProps } from '../ui/FieldError.tsx';
import { usePools, useSaveWebForms, useWebForms, type WebForm } from './api.ts';
import { endpointOf, snippetOf } from './snippet.ts';

interface Values {
  name: string; object: string; pool: string; honeypot: string; redirect: string; origins: string; perIp: string; active: boolean;
  fields: { field: string; name: string; required: boolean; en: string; zh: string }[];
}

const toValues = (f?: WebForm): Values => ({
  name: f?.name ?? '', object: f?.object ?? '', pool: f?.pool ?? '', honeypot: f?.honeypot ?? 'website', redirect: f?.successRedirect ?? '',
  origins: (f?.allowedOrigins ?? []).join(', '), perIp: f?.rateLimit?.perIp?.per === 'minute' ? String(f.rateLimit.perIp.count) : '', active: f?.active !== false,
  fields: (f?.fields ?? []).map((x) => ({ field: x.field, name: x.name ?? '', required: x.required === true, en: x.label?.en ?? '', zh: x.label?.zh ?? '' })),
});

/** The form's values as the kind's item, keeping what the form does not edit (success message, set values, per-form limit). */
function toForm(v: Values, before?: WebForm): WebForm {
  const { pool: _p, honeypot: _h, successRedirect: _r, allowedOrigins: _o, rateLimit, ...kept } = before ?? ({} as WebForm);
  const perIp = v.perIp.trim() ? { count: Number(v.perIp), per: 'minute' as const } : rateLimit?.perIp;
  const origins = v.origins.split(',').map((s) => s.trim()).filter(Boolean);
  const limit = { ...(perIp ? { perIp } : {}), ...(rateLimit?.perForm ? { perForm: rateLimit.perForm } : {}) };
  return {
    ...kept, name: v.name.trim(), object: v.object, active: v.active,
    fields: v.fields.map((f) => ({
      field: f.field, ...(f.name.trim() ? { name: f.name.trim() } : {}), ...(f.required ? { required: true } : {}),
      ...(f.en.trim() ? { label: { en: f.en.trim(), ...(f.zh.trim() ? { zh: f.zh.trim() } : {}) } } : {}),
    })),
    ...(v.pool ? { pool: v.pool } : {}), ...(v.honeypot.trim() ? { honeypot: v.honeypot.trim() } : {}),
    ...(v.redirect.trim() ? { successRedirect: v.redirect.trim() } : {}), ...(origins.length ? { allowedOrigins: origins } : {}),
    ...(Object.keys(limit).length ? { rateLimit: limit } : {}),
  };
}

function WebFormEditor({ form, forms, onDone }: { form?: WebForm; forms: WebForm[]; onDone: () => void }) {
  const { t } = useTranslation('webforms');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const pools = usePools().data ?? [];
  const save = useSaveWebForms();
  const { control, handleSubmit, watch } = useForm<Values>({ defaultValues: toValues(form) });
  const fields = useFieldArray({ control, name: 'fields' });
  const object = watch('object');
  const err = save.error;
  const fieldOptions = (objects.find((o) => o.name === object)?.fields ?? [])
    .filter((f) => !['formula', 'rollup', 'autoNumber', 'lookup', 'masterDetail', 'user', 'file', 'image', 'manyToMany'].includes(f.type))
    .map((f) => ({ value: f.name, label: f.label }));
  const row = (key: 'name' | 'honeypot' | 'redirect' | 'origins' | 'perIp', label: string, props: Record<string, unknown> = {}) => (
    <div className="form-row">
      <label htmlFor={`webform-${key}`}>{label}</label>
      <FormInput control={control} name={key} id={`webform-${key}`} {...invalidProps(err, key, `webform-${key}-error`)} {...props} />
      <FieldError error={err} field={key} id={`webform-${key}-error`} />
    </div>
  );
  return (
    <form className="panel" aria-label={form ? `${t('edit')} ${form.name}` : t('add')}
      onSubmit={handleSubmit(async (v) => {
        await save.mutateAsync([...forms.filter((f) => f.name !== form?.name), toForm(v, form)]);
        message.success(t('saved'));
        onDone();
      })}>
      {row('name', t('name'), { disabled: !!form })}
      <div className="form-row">
        <label htmlFor="webform-object">{t('object')}</label>
        <FormSelect control={control} name="object" id="webform-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} style={{ minWidth: 200 }} {...invalidProps(err, 'object', 'webform-object-error')} />
        <FieldError error={err} field="object" id="webform-object-error" />
      </div>
      <div className="form-row">
        <label htmlFor="webform-pool">{t('pool')}</label>
        <FormSelect control={control} name="pool" id="webform-pool" allowClear options={pools.filter((p) => p.object === object).map((p) => ({ value: p.name, label: p.name }))} style={{ minWidth: 200 }} />
      </div>
      <fieldset>
        <legend>{t('fields')}</legend>
        {fields.fields.map((f, i) => (
          <Space key={f.id} wrap>
            <FormSelect control={control} name={`fields.${i}.field`} aria-label={`${t('field')} ${i + 1}`} options={fieldOptions} style={{ minWidth: 160 }} />
            <FormInput control={control} name={`fields.${i}.name`} aria-label={`${t('input')} ${i + 1}`} placeholder={t('input')} style={{ width: 130 }} />
            <FormInput control={control} name={`fields.${i}.en`} aria-label={`${t('labelEn')} ${i + 1}`} placeholder={t('labelEn')} style={{ width: 150 }} />
            <FormInput control={control} name={`fields.${i}.zh`} aria-label={`${t('labelZh')} ${i + 1}`} placeholder={t('labelZh')} style={{ width: 150 }} />
            <FormCheckbox control={control} name={`fields.${i}.required`} aria-label={`${t('required')} ${i + 1}`}>{t('required')}</FormCheckbox>
            <Button onClick={() => fields.remove(i)}>{t('removeRow')}</Button>
          </Space>
        ))}
        <Button onClick={() => fields.append({ field: '', name: '', required: false, en: '', zh: '' })}>{t('addField')}</Button>
      </fieldset>
      {row('honeypot', t('honeypot'))}
      {row('perIp', t('perIp'), { type: 'number' })}
      {row('redirect', t('redirect'), { placeholder: 'https://example.com/thanks' })}
      {row('origins', t('origins'), { placeholder: 'https://example.com' })}
      <div className="form-row"><FormCheckbox control={control} name="active" id="webform-active">{t('active')}</FormCheckbox></div>
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}

/** A form's endpoint and its embeddable HTML, with a copy button. */
function Snippet({ form }: { form: WebForm }) {
  const { t, i18n } = useTranslation('webforms');
  const { message } = App.useApp();
  const { session } = useSession();
  const endpoint = endpointOf(location.origin, session?.tenant.slug ?? '', form.name);
  const html = snippetOf(form, endpoint, i18n.language.startsWith('zh') ? 'zh' : 'en', t('submit'));
  return (
    <section className="panel" aria-label={`${t('snippet')} ${form.name}`}>
      <Typography.Paragraph>{t('endpoint')}: <Typography.Text code>{endpoint}</Typography.Text></Typography.Paragraph>
      <Input.TextArea readOnly value={html} autoSize aria-label={`${t('snippet')} ${form.name}`} style={{ fontFamily: 'monospace' }} />
      <Button style={{ marginTop: 8 }} onClick={() => void navigator.clipboard?.writeText(html).then(() => message.success(t('copied')), () => {})}>{t('copy')}</Button>
    </section>
  );
}

/** `/setup/webforms`: the tenant's web-to-lead forms (kind `webForms`), each with its embeddable snippet. */
export function WebFormsPage() {
  const { t } = useTranslation('webforms');
  const forms = useWebForms();
  const save = useSaveWebForms();
  const [editing, setEditing] = useState<WebForm | 'new' | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const all = forms.data ?? [];
  const showing = all.find((f) => f.name === shown);
  return (
    <div className="webforms-editor">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <FormError error={forms.error ?? save.error} />
      <Table<WebForm> rowKey="name" size="small" dataSource={all} pagination={false} loading={forms.isLoading} locale={{ emptyText: t('empty') }}
        columns={[
          { key: 'name', title: t('name'), render: (_, f) => f.name },
          { key: 'object', title: t('object'), render: (_, f) => f.object },
          { key: 'fields', title: t('fields'), render: (_, f) => f.fields.map((x) => x.name ?? x.field).join(', ') },
          { key: 'actions', title: '', render: (_, f) => (
            <Space>
              <Button size="small" onClick={() => setShown(f.name)} aria-label={`${t('snippet')} ${f.name}`}>{t('snippet')}</Button>
              <Button size="small" onClick={() => setEditing(f)} aria-label={`${t('edit')} ${f.name}`}>{t('edit')}</Button>
              <Button size="small" danger onClick={() => save.mutate(all.filter((x) => x.name !== f.name))} aria-label={`${t('remove')} ${f.name}`}>{t('remove')}</Button>
            </Space>
          ) },
        ]} />
      {editing === null && <Button type="primary" onClick={() => setEditing('new')}>{t('add')}</Button>}
      {editing !== null && <WebFormEditor key={editing === 'new' ? 'new' : editing.name} form={editing === 'new' ? undefined : editing} forms={all} onDone={() => setEditing(null)} />}
      {showing && <Snippet form={showing} />}
    </div>
  );
}

export default WebFormsPage;
