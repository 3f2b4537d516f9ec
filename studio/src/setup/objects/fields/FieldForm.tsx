import { Button, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type FieldMeta } from '../../../api/metadata.ts';
import { createField, updateField, useFieldTypes } from '../api.ts';
import { ErrorText, FormAlert } from '../ErrorText.tsx';
import { applyServerErrors } from '../form-errors.ts';
import { DefaultValueInput } from './DefaultValueInput.tsx';
import { DefaultExpressionInput } from './DefaultExpressionInput.tsx';
import { emptyFieldValues, fieldInput, fieldValues, InputProblem, typeProps, type FieldFormValues } from './field-input.ts';
import { TypeOptions } from './TypeOptions.tsx';
import { FormulaOptions, type ServerExpressionProblems } from './FormulaOptions.tsx';
import { expressionProblems, withoutPlacedProblems } from './expression-errors.ts';
import { FormInput, FormSelect, FormSwitch } from '../../../ui/design/form-controls.tsx';

const TOP = new Set(['name', 'type', 'label', 'labelZh', 'description', 'helpText', 'required', 'unique', 'defaultValue', 'defaultExpression', 'options', 'target', 'onDelete', 'relationName', 'maxLength', 'precision', 'scale', 'currencyCode', 'format', 'max', 'expression', 'returnType']);
const knownPath = (path: string) => TOP.has(path) || /^options\.\d+(\.(value|label|labelZh))?$/.test(path);
const ALIAS: Record<string, string> = { '/label/en': 'label', '/label/zh-CN': 'labelZh' };
const aliasFor = (count: number) => {
  const alias = { ...ALIAS };
  for (let i = 0; i < count; i++) {
    alias[`/options/${i}/label/en`] = `options.${i}.label`;
    alias[`/options/${i}/label/zh-CN`] = `options.${i}.labelZh`;
  }
  return alias;
};

/** Adds a field (createField) or edits one (updateField): every type with its own options; refusals next to inputs. */
export function FieldForm({ object, field, onDone, onCancel }: { object: string; field?: FieldMeta; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('setup');
  const types = useFieldTypes();
  const invalidate = useInvalidateMetadata();
  const [general, setGeneral] = useState<string[]>([]);
  const [serverExpression, setServerExpression] = useState<ServerExpressionProblems>();
  const infoOf = (type: string) => types.data?.find((i) => i.type === type);
  const form = useForm<FieldFormValues>({ defaultValues: field ? fieldValues(field, undefined) : emptyFieldValues() });
  const { control, handleSubmit, setError, watch, reset, setFocus, formState: { errors, isSubmitting } } = form;
  const type = watch('type');
  const info = infoOf(type);

  // After the modal has opened (its own focus handling runs first).
  useEffect(() => { const timer = setTimeout(() => setFocus('name'), 0); return () => clearTimeout(timer); }, [setFocus]);
  // Once the types are known, the default value of an existing field is shown the way its type takes it.
  useEffect(() => {
    if (field && types.data) reset(fieldValues(field, infoOf(field.type)));
  }, [field, types.data]); // eslint-disable-line react-hooks/exhaustive-deps
  // A type with values starts with one empty row to fill; a formula gives a number until told otherwise.
  useEffect(() => {
    if (typeProps(info).has('options') && form.getValues('options').length === 0) form.setValue('options', [{ value: '', label: '', labelZh: '' }]);
    if (typeProps(info).has('returnType') && !form.getValues('returnType')) form.setValue('returnType', 'number');
  }, [info]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = handleSubmit(async (values) => {
    setGeneral([]);
    let input: Record<string, unknown>;
    try {
      input = fieldInput(values, info, field ? 'update' : 'create', { badNumber: t('fields.form.badNumber'), badJson: t('fields.form.badJson') });
    } catch (problem) {
      if (problem instanceof InputProblem) return setError(problem.path as Path<FieldFormValues>, { type: 'client', message: problem.message }, { shouldFocus: true });
      throw problem;
    }
    try {
      if (field) await updateField(object, field.name, input);
      else await createField(object, input);
      await invalidate();
      onDone();
    } catch (error) {
      // Problems placed inside the expression are marked in the editor; the rest go next to inputs.
      const placed = expressionProblems(error);
      setServerExpression(placed.length ? { source: values.expression, problems: placed } : undefined);
      const rest = withoutPlacedProblems(error);
      setGeneral(rest ? applyServerErrors(rest, setError, knownPath, aliasFor(values.options.length)) : []);
    }
  });

  const id = field ? `edit-field-${field.name}` : 'new-field';
  const text = (name: 'name' | 'label' | 'labelZh' | 'helpText' | 'description', label: string, required = false) => (
    <div className={name === 'description' ? 'form-row wide' : 'form-row'}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <FormInput control={control} name={name} rules={{ required }} id={`${id}-${name}`} aria-invalid={errors[name] ? true : undefined}
        status={errors[name] ? 'error' : undefined} aria-describedby={errors[name] ? `${id}-${name}-error` : undefined} />
      <ErrorText id={`${id}-${name}-error`} message={errors[name]?.message || (errors[name] ? t('fields.form.requiredInput') : undefined)} />
    </div>
  );
  const check = (name: 'required' | 'unique', label: string) => (
    <div className="form-row">
      <span className="form-row check">
        <FormSwitch control={control} name={name} id={`${id}-${name}`} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${id}-${name}-error` : undefined} />
        <label htmlFor={`${id}-${name}`}>{label}</label>
      </span>
      <ErrorText id={`${id}-${name}-error`} message={errors[name]?.message} />
    </div>
  );

  const title = field ? t('fields.form.editTitle', { label: field.label }) : t('fields.form.createTitle');
  return (
    <Modal open title={<span id={`${id}-title`}>{title}</span>} onCancel={onCancel} footer={null} width={820} destroyOnHidden mask={{ closable: false }}>
      <form onSubmit={submit} noValidate>
        <FormAlert title={t('errors.title')} messages={general} />
        <div className="form-grid">
          {text('name', t('fields.form.name'), true)}
          <div className="form-row">
            <label htmlFor={`${id}-type`}>{t('fields.form.type')}</label>
            <FormSelect control={control} name="type" id={`${id}-type`} showSearch={{ optionFilterProp: 'title' }} aria-invalid={errors.type ? true : undefined} aria-describedby={errors.type ? `${id}-type-error` : undefined}
              options={types.data ? types.data.map((i) => ({ value: i.type, label: i.label, title: i.label })) : [{ value: type, label: type }]} />
            <ErrorText id={`${id}-type-error`} message={errors.type?.message} />
          </div>
          {text('label', t('fields.form.label'))}
          {text('labelZh', t('fields.form.labelZh'))}
          {check('required', t('fields.form.required'))}
          {info?.capabilities?.uniqueable !== false && check('unique', t('fields.form.unique'))}
          <TypeOptions form={form} info={info} idPrefix={id} object={object} />
          {typeProps(info).has('expression') && <FormulaOptions form={form} object={object} idPrefix={id} server={serverExpression} />}
          <DefaultValueInput form={form} info={info} idPrefix={id} />
          {!typeProps(info).has('expression') && info?.capabilities?.readOnly !== true && <DefaultExpressionInput form={form} object={object} idPrefix={id} />}
          {text('helpText', t('fields.form.helpText'))}
          {text('description', t('fields.form.description'))}
        </div>
        <div className="toolbar">
          <Button type="primary" htmlType="submit" loading={isSubmitting}>{isSubmitting ? t('fields.form.saving') : field ? t('fields.form.save') : t('fields.form.create')}</Button>
          <Button onClick={onCancel}>{t('common:actions.cancel')}</Button>
        </div>
      </form>
    </Modal>
  );
}
