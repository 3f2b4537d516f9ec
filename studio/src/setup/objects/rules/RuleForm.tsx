import { Button, Modal } from 'antd';
import { useState } from 'react';
import { Controller, useForm, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../../api/metadata.ts';
import { FormInput, FormSelect, FormSwitch } from '../../../ui/design/form-controls.tsx';
import { useRecordObjects } from '../../../api/record-objects.ts';
import { LazyExpressionEditor } from '../../../expressions/LazyExpressionEditor.tsx';
import { ErrorText, FormAlert } from '../ErrorText.tsx';
import { applyServerErrors } from '../form-errors.ts';
import { saveValidationRule, type ValidationRule } from './api.ts';

interface RuleValues {
  name: string;
  assert: string;
  messageEn: string;
  messageZh: string;
  field: string;
  on: 'create' | 'update' | 'both';
  active: boolean;
}

const KNOWN = new Set(['name', 'assert', 'messageEn', 'messageZh', 'field', 'on', 'active']);
const ALIAS: Record<string, string> = { '/message': 'messageEn', '/message/en': 'messageEn', '/message/zh': 'messageZh' };

const valuesOf = (rule?: ValidationRule): RuleValues => ({
  name: rule?.name ?? '', assert: rule?.assert ?? '', messageEn: rule?.message.en ?? '', messageZh: rule?.message.zh ?? rule?.message['zh-CN'] ?? '',
  field: rule?.field ?? '', on: rule?.on ?? 'both', active: rule?.active ?? true,
});

/** Adds or edits a validation rule (applyMetadata with the one rule); refusals (the expression's, with its line and column) next to their inputs. */
export function RuleForm({ object, rule, onDone, onCancel }: { object: ObjectMeta; rule?: ValidationRule; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('setup');
  // The expression editor checks the rule as it is typed (PRIORVALUE, ISCHANGED and $User allowed) and previews it over a record.
  const objects = useRecordObjects();
  const [general, setGeneral] = useState<string[]>([]);
  const { control, handleSubmit, setError, formState: { errors, isSubmitting } } = useForm<RuleValues>({ defaultValues: valuesOf(rule) });
  const id = rule ? `edit-rule-${rule.name}` : 'new-rule';
  const submit = handleSubmit(async (v) => {
    setGeneral([]);
    const message: Record<string, string> = { en: v.messageEn.trim() };
    if (v.messageZh.trim()) message.zh = v.messageZh.trim();
    const input: Record<string, unknown> = { name: v.name.trim(), object: object.name, assert: v.assert, message, on: v.on, active: v.active };
    if (v.field) input.field = v.field;
    try {
      await saveValidationRule(input);
      onDone();
    } catch (error) {
      setGeneral(applyServerErrors(error, setError, (path) => KNOWN.has(path), ALIAS, '/validationRules/0'));
    }
  });
  const row = (name: keyof RuleValues, label: string, control: React.ReactNode, wide = false) => (
    <div className={wide ? 'form-row wide' : 'form-row'}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {control}
      <ErrorText id={`${id}-${name}-error`} message={errors[name]?.message || (errors[name] ? t('fields.form.requiredInput') : undefined)} />
    </div>
  );
  const aria = (name: keyof RuleValues) => ({ id: `${id}-${name}`, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined });
  const title = rule ? t('rules.form.editTitle', { name: rule.name }) : t('rules.form.createTitle');
  return (
    <Modal open title={title} onCancel={onCancel} footer={null} width={820} destroyOnHidden mask={{ closable: false }}>
      <form onSubmit={submit} noValidate>
        <FormAlert title={t('errors.title')} messages={general} />
        <div className="form-grid">
          {row('name', t('rules.form.name'), <FormInput control={control} name={'name' as Path<RuleValues>} rules={{ required: true }} disabled={Boolean(rule)} {...aria('name')} />)}
          {row('field', t('rules.form.field'), <FormSelect control={control} name="field" {...aria('field')}
            options={[{ value: '', label: t('rules.form.record') }, ...object.fields.map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }))]} />)}
          {row('assert', t('rules.form.assert'), objects.data ? (
            <Controller control={control} name="assert" rules={{ required: true }} render={({ field }) => (
              <LazyExpressionEditor objects={objects.data!} object={object.name} value={field.value} onChange={field.onChange} expect="boolean" rules user preview
                id={`${id}-assert`} label={t('rules.form.assert')} invalid={Boolean(errors.assert)} describedBy={errors.assert ? `${id}-assert-error` : undefined} />
            )} />
          ) : null, true)}
          {row('messageEn', t('rules.form.messageEn'), <FormInput control={control} name="messageEn" rules={{ required: true }} {...aria('messageEn')} />)}
          {row('messageZh', t('rules.form.messageZh'), <FormInput control={control} name="messageZh" {...aria('messageZh')} />)}
          {row('on', t('rules.form.on'), <FormSelect control={control} name="on" {...aria('on')}
            options={(['both', 'create', 'update'] as const).map((on) => ({ value: on, label: t(`rules.on.${on}`) }))} />)}
          <div className="form-row">
            <span className="form-row check">
              <FormSwitch control={control} name="active" id={`${id}-active`} />
              <label htmlFor={`${id}-active`}>{t('rules.form.active')}</label>
            </span>
          </div>
        </div>
        <p className="hint">{t('rules.form.hint')}</p>
        <div className="toolbar">
          <Button type="primary" htmlType="submit" loading={isSubmitting}>{rule ? t('rules.form.save') : t('rules.form.create')}</Button>
          <Button onClick={onCancel}>{t('common:actions.cancel')}</Button>
        </div>
      </form>
    </Modal>
  );
}
