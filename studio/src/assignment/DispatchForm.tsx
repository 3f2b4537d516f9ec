import { App, Button, Space } from 'antd';
import { useEffect, useRef } from 'react';
import { useFieldArray, useForm, type Control, type UseFormSetValue } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { useRecordObjects } from '../api/record-objects.ts';
import { usePools } from '../pools/api.ts';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FormError, FormRow as Row, invalidProps } from '../ui/FieldError.tsx';
import { useSaveRules, type DispatchRule } from './api.ts';
import { NUMERIC_TYPES, toDValues, toDispatchRule, type DValues } from './form-values.ts';
import { FormPick, fieldChoices, useCalendars, writableChoices } from './pickers.tsx';

/** The value input of one `set` row: the options of a select field, yes/no for a boolean, else text. */
function SetValue({ control, setValue, index, object, field }: { control: Control<DValues>; setValue: UseFormSetValue<DValues>; index: number; object: ObjectMeta | undefined; field: string }) {
  const { t } = useTranslation('assignment');
  // Another field's value means nothing for this one: picking a field starts its value blank.
  const previous = useRef(field);
  useEffect(() => {
    if (previous.current !== field) setValue(`set.${index}.value`, '');
    previous.current = field;
  }, [field, index, setValue]);
  const meta = object?.fields.find((f) => f.name === field);
  const name = `set.${index}.value` as const;
  const label = `${t('setValue')} ${index + 1}`;
  if (meta?.type === 'select' || meta?.type === 'boolean') {
    const options = meta.type === 'boolean' ? [{ value: 'true', label: t('yes') }, { value: 'false', label: t('no') }] : (meta.options ?? []).map((o) => ({ value: o.value, label: o.label }));
    return <FormPick control={control} name={name} id={`dr-set-${index}-value`} aria-label={label} options={options} />;
  }
  return <FormInput control={control} name={name} id={`dr-set-${index}-value`} aria-label={label} style={{ minWidth: 200 }} />;
}

/** One dispatch rule: the required and score fields, the pool, the values to set and the calendar are picked from what exists. */
export function DispatchForm({ rule, rules, onDone }: { rule?: DispatchRule; rules: DispatchRule[]; onDone: () => void }) {
  const { t } = useTranslation('assignment');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const pools = usePools().data ?? [];
  const calendars = useCalendars().data ?? [];
  const save = useSaveRules();
  const { control, handleSubmit, watch, setValue } = useForm<DValues>({ defaultValues: toDValues(rule) });
  const sets = useFieldArray({ control, name: 'set' });
  const objectName = watch('object');
  const setRows = watch('set');
  const object = objects.find((o) => o.name === objectName);
  // The pool and the fields belong to the object: picked again when it changes.
  const seen = useRef(objectName);
  useEffect(() => {
    if (seen.current !== objectName) { setValue('pool', ''); setValue('requiredFields', []); setValue('scoreField', ''); setValue('set', []); }
    seen.current = objectName;
  }, [objectName, setValue]);
  const err = save.error;
  const text = (key: keyof DValues, label: string, props: Record<string, unknown> = {}) => (
    <Row id={`dr-${key}`} label={label} error={err} field={key}>
      <FormInput control={control} name={key as 'name'} id={`dr-${key}`} {...invalidProps(err, key, `dr-${key}-error`)} {...props} />
    </Row>
  );
  return (
    <form className="panel" aria-label={rule ? `${t('edit')} ${rule.name}` : t('add')} onSubmit={handleSubmit(async (v) => {
      const item = toDispatchRule(v, rule, (f) => object?.fields.find((x) => x.name === f)?.type);
      await save.mutateAsync({ dispatchRules: [...rules.filter((r) => r.name !== rule?.name), item] });
      message.success(t('saved'));
      onDone();
    })}>
      {text('name', t('name'), { disabled: !!rule })}
      <Row id="dr-object" label={t('object')}><FormSelect control={control} name="object" id="dr-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} style={{ minWidth: 200 }} /></Row>
      {text('order', t('order'), { type: 'number' })}
      <div className="form-row"><FormCheckbox control={control} name="active" id="dr-active">{t('active')}</FormCheckbox></div>
      <Row id="dr-requiredFields" label={t('requiredFields')} error={err} field="requiredFields">
        <FormSelect control={control} name="requiredFields" id="dr-requiredFields" mode="multiple" optionFilterProp="label" options={fieldChoices(object)} style={{ minWidth: 300 }} {...invalidProps(err, 'requiredFields', 'dr-requiredFields-error')} />
      </Row>
      <Row id="dr-scoreField" label={t('scoreField')} error={err} field="field">
        <FormPick control={control} name="scoreField" id="dr-scoreField" options={fieldChoices(object, NUMERIC_TYPES)} {...invalidProps(err, 'field', 'dr-scoreField-error')} />
      </Row>
      {text('scoreMin', t('scoreMin'), { type: 'number' })}
      {text('when', t('when'))}
      <Row id="dr-pool" label={t('pool')} error={err} field="pool">
        <FormPick control={control} name="pool" id="dr-pool" placeholder={t('noPool')} {...invalidProps(err, 'pool', 'dr-pool-error')}
          options={pools.filter((p) => p.object === objectName).map((p) => ({ value: p.name, label: p.label?.en ?? p.name, title: p.name }))} />
      </Row>
      <fieldset>
        <legend>{t('set')}</legend>
        {sets.fields.map((f, i) => (
          <Space key={f.id} wrap>
            <FormPick control={control} name={`set.${i}.field`} id={`dr-set-${i}-field`} aria-label={`${t('setField')} ${i + 1}`} options={writableChoices(object)} />
            <SetValue control={control} setValue={setValue} index={i} object={object} field={setRows[i]?.field ?? ''} />
            <Button onClick={() => sets.remove(i)}>{t('removeSet')}</Button>
          </Space>
        ))}
        <Button onClick={() => sets.append({ field: '', value: '' })}>{t('addSet')}</Button>
      </fieldset>
      <div className="form-row"><FormCheckbox control={control} name="assign" id="dr-assign">{t('assign')}</FormCheckbox></div>
      <Row id="dr-calendar" label={t('calendar')} error={err} field="calendar">
        <FormPick control={control} name="calendar" id="dr-calendar" placeholder={t('defaultCalendar')} options={calendars.map((c) => ({ value: c, label: c }))} {...invalidProps(err, 'calendar', 'dr-calendar-error')} />
      </Row>
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}
