import { App, Button, Space } from 'antd';
import { useEffect, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { FormMembersSelect } from '../setup/security/MembersSelect.tsx';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FormError, FormRow as Row, invalidProps } from '../ui/FieldError.tsx';
import { useSaveRules, type AssignmentRule } from './api.ts';
import { NUMERIC_TYPES, REP_TYPES, toAValues, toAssignmentRule, type AValues } from './form-values.ts';
import { FormPick, fieldChoices } from './pickers.tsx';

const STRATEGIES = ['roundRobin', 'loadBalanced', 'named', 'bestToBest'] as const;


/** One assignment rule: the team, the rep field, the score and performance fields are picked from what exists. */
export function AssignmentForm({ rule, rules, onDone }: { rule?: AssignmentRule; rules: AssignmentRule[]; onDone: () => void }) {
  const { t } = useTranslation('assignment');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const save = useSaveRules();
  const { control, handleSubmit, watch, setValue } = useForm<AValues>({ defaultValues: toAValues(rule) });
  const [strategy, objectName, perfObjectName, perfField, perfMeasure] = watch(['strategy', 'object', 'perfObject', 'perfField', 'perfMeasure']);
  const object = objects.find((o) => o.name === objectName);
  const perfObject = objects.find((o) => o.name === perfObjectName);
  const wonOptions = (perfObject?.fields.find((f) => f.name === perfField)?.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  // Picks of another object's fields mean nothing once the object changes.
  const seen = useRef({ object: objectName, perfObject: perfObjectName });
  useEffect(() => {
    if (seen.current.object !== objectName) { setValue('userField', ''); setValue('scoreField', ''); }
    if (seen.current.perfObject !== perfObjectName) { setValue('perfField', ''); setValue('perfWon', []); setValue('perfAmount', ''); }
    seen.current = { object: objectName, perfObject: perfObjectName };
  }, [objectName, perfObjectName, setValue]);
  const err = save.error;
  const text = (key: keyof AValues, label: string, props: Record<string, unknown> = {}) => (
    <Row id={`ar-${key}`} label={label} error={err} field={key}>
      <FormInput control={control} name={key as 'name'} id={`ar-${key}`} {...invalidProps(err, key, `ar-${key}-error`)} {...props} />
    </Row>
  );
  const pick = (key: keyof AValues, label: string, options: ReturnType<typeof fieldChoices>, field: string = key) => (
    <Row id={`ar-${key}`} label={label} error={err} field={field}>
      <FormPick control={control} name={key} id={`ar-${key}`} options={options} {...invalidProps(err, field, `ar-${key}-error`)} />
    </Row>
  );
  return (
    <form className="panel" aria-label={rule ? `${t('edit')} ${rule.name}` : t('add')} onSubmit={handleSubmit(async (v) => {
      await save.mutateAsync({ assignmentRules: [...rules.filter((r) => r.name !== rule?.name), toAssignmentRule(v, rule)] });
      message.success(t('saved'));
      onDone();
    })}>
      {text('name', t('name'), { disabled: !!rule })}
      <Row id="ar-object" label={t('object')}><FormSelect control={control} name="object" id="ar-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} style={{ minWidth: 200 }} /></Row>
      {text('order', t('order'), { type: 'number' })}
      <div className="form-row"><FormCheckbox control={control} name="active" id="ar-active">{t('active')}</FormCheckbox></div>
      {text('when', t('when'), { placeholder: 'channel = "web"' })}
      <Row id="ar-strategy" label={t('strategy')}><FormSelect control={control} name="strategy" id="ar-strategy" options={STRATEGIES.map((s) => ({ value: s, label: t(`strategies.${s}`) }))} style={{ minWidth: 240 }} /></Row>
      {strategy !== 'named' && (
        <Row id="ar-team" label={t('team')} error={err} field="team"><FormMembersSelect control={control} name="team" id="ar-team" {...invalidProps(err, 'team', 'ar-team-error')} /></Row>
      )}
      {strategy === 'named' && pick('userField', t('userField'), fieldChoices(object, REP_TYPES))}
      {text('capacity', t('capacity'), { type: 'number', min: 0 })}
      {strategy === 'bestToBest' && (<>
        {pick('scoreField', t('scoreField'), fieldChoices(object, NUMERIC_TYPES))}
        {pick('perfObject', t('perfObject'), objects.map((o) => ({ value: o.name, label: o.label })), 'object')}
        <Row id="ar-perfMeasure" label={t('perfMeasure')}>
          <FormSelect control={control} name="perfMeasure" id="ar-perfMeasure" options={(['amount', 'conversion'] as const).map((m) => ({ value: m, label: t(`measures.${m}`) }))} style={{ minWidth: 240 }} />
        </Row>
        {pick('perfField', t('perfField'), fieldChoices(perfObject), 'field')}
        <Row id="ar-perfWon" label={t('perfWon')} error={err} field="won">
          <FormSelect control={control} name="perfWon" id="ar-perfWon" mode="tags" options={wonOptions} style={{ minWidth: 240 }} {...invalidProps(err, 'won', 'ar-perfWon-error')} />
        </Row>
        {perfMeasure === 'amount' && pick('perfAmount', t('perfAmount'), fieldChoices(perfObject, NUMERIC_TYPES), 'amountField')}
      </>)}
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}
