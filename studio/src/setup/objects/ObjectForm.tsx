import { Button, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type ObjectMeta } from '../../api/metadata.ts';
import { createObject, updateObject } from './api.ts';
import { ErrorText, FormAlert } from './ErrorText.tsx';
import { applyServerErrors } from './form-errors.ts';
import { labelInput, labelPair } from './labels.ts';
import { FormInput, FormSelect, FormTextArea } from '../../ui/design/form-controls.tsx';

interface Values {
  name: string; label: string; labelZh: string; pluralLabel: string; pluralLabelZh: string; description: string; sharing: string;
}

const PATHS = new Set(['name', 'label', 'labelZh', 'pluralLabel', 'pluralLabelZh', 'description', 'sharing']);
const ALIAS = { '/label/en': 'label', '/label/zh-CN': 'labelZh', '/pluralLabel/en': 'pluralLabel', '/pluralLabel/zh-CN': 'pluralLabelZh' };
export const SHARING_MODELS = ['PUBLIC_READ_WRITE', 'PUBLIC_READ', 'PRIVATE'] as const;

/** Creates an object (createObject) or, given `object`, edits it (updateObject); refusals show next to the inputs. */
export function ObjectForm({ object, onDone, onCancel }: { object?: ObjectMeta; onDone: (name: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('setup');
  const invalidate = useInvalidateMetadata();
  const [general, setGeneral] = useState<string[]>([]);
  const label = labelPair(object?.labels);
  const plural = labelPair(object?.pluralLabels);
  const { control, handleSubmit, setError, setFocus, formState: { errors, isSubmitting, dirtyFields } } = useForm<Values>({
    defaultValues: {
      name: object?.name ?? '', label: label.en, labelZh: label.zh, pluralLabel: plural.en, pluralLabelZh: plural.zh,
      description: object?.description ?? '', sharing: object?.sharing ?? 'PUBLIC_READ_WRITE',
    },
  });

  // After the modal has opened (its own focus handling runs first).
  useEffect(() => { const timer = setTimeout(() => setFocus(object ? 'label' : 'name'), 0); return () => clearTimeout(timer); }, [setFocus, object]);

  const submit = handleSubmit(async (v) => {
    setGeneral([]);
    const input: Record<string, unknown> = {
      name: v.name.trim(), label: labelInput(v.label, v.labelZh), pluralLabel: labelInput(v.pluralLabel, v.pluralLabelZh),
      description: v.description.trim() || undefined, sharing: v.sharing,
    };
    try {
      if (object) {
        // Unchanged plural labels are not sent: the platform keeps them (or derives them from a new label).
        const pluralChanged = dirtyFields.pluralLabel || dirtyFields.pluralLabelZh;
        await updateObject(object.name, { ...input, name: input.name === object.name ? undefined : input.name, pluralLabel: pluralChanged ? input.pluralLabel : undefined });
      }
      else await createObject(input);
      await invalidate();
      onDone(String(input.name));
    } catch (error) {
      setGeneral(applyServerErrors(error, setError, (p) => PATHS.has(p), ALIAS));
    }
  });

  const id = object ? 'edit-object' : 'new-object';
  const input = (name: keyof Values, text: string, options: { hint?: string; required?: boolean } = {}) => (
    <div className="form-row">
      <label htmlFor={`${id}-${name}`}>{text}</label>
      <FormInput control={control} name={name} rules={{ required: options.required }} id={`${id}-${name}`} aria-invalid={errors[name] ? true : undefined}
        status={errors[name] ? 'error' : undefined} aria-describedby={errors[name] ? `${id}-${name}-error` : options.hint ? `${id}-${name}-hint` : undefined} />
      {options.hint && <p id={`${id}-${name}-hint`} className="hint">{options.hint}</p>}
      <ErrorText id={`${id}-${name}-error`} message={errors[name]?.message || (errors[name] ? t('fields.form.requiredInput') : undefined)} />
    </div>
  );

  const title = object ? t('objects.form.editTitle', { name: object.label }) : t('objects.form.createTitle');
  return (
    <Modal open title={<span id={`${id}-title`}>{title}</span>} onCancel={onCancel} footer={null} width={760} destroyOnHidden mask={{ closable: false }}>
      <form onSubmit={submit} noValidate>
        <FormAlert title={t('errors.title')} messages={general} />
        <div className="form-grid">
          {input('name', t('objects.form.name'), { hint: t('objects.form.nameHint'), required: true })}
          {input('label', t('objects.form.label'))}
          {input('labelZh', t('objects.form.labelZh'))}
          {input('pluralLabel', t('objects.form.pluralLabel'))}
          {input('pluralLabelZh', t('objects.form.pluralLabelZh'))}
          <div className="form-row">
            <label htmlFor={`${id}-sharing`}>{t('objects.form.sharing')}</label>
            <FormSelect control={control} name="sharing" id={`${id}-sharing`} aria-invalid={errors.sharing ? true : undefined}
              options={SHARING_MODELS.map((m) => ({ value: m, label: t(`objects.sharing.${m}`) }))} />
            <ErrorText id={`${id}-sharing-error`} message={errors.sharing?.message} />
          </div>
          <div className="form-row wide">
            <label htmlFor={`${id}-description`}>{t('objects.form.description')}</label>
            <FormTextArea control={control} name="description" id={`${id}-description`} autoSize={{ minRows: 2, maxRows: 6 }} aria-invalid={errors.description ? true : undefined} aria-describedby={errors.description ? `${id}-description-error` : undefined} />
            <ErrorText id={`${id}-description-error`} message={errors.description?.message} />
          </div>
        </div>
        <div className="toolbar">
          <Button type="primary" htmlType="submit" loading={isSubmitting}>{isSubmitting ? t('objects.form.saving') : object ? t('objects.form.save') : t('objects.form.create')}</Button>
          <Button onClick={onCancel}>{t('common:actions.cancel')}</Button>
        </div>
      </form>
    </Modal>
  );
}
