import '../ui/admin.css';
import { App, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FieldError, FormError, invalidProps } from '../ui/FieldError.tsx';
import { useSaveScoringRules, useScoringProgress, useScoringRules, type ScoringRule } from './api.ts';

interface Values {
  name: string; label: string; object: string; field: string; active: boolean;
  criteria: { when: string; points: string }[];
  activities: { object: string; field: string; when: string; points: string; within: string; max: string }[];
}

const toValues = (r?: ScoringRule): Values => ({
  name: r?.name ?? '', label: r?.label?.en ?? '', object: r?.object ?? '', field: r?.field ?? '', active: r?.active !== false,
  criteria: (r?.criteria ?? []).map((c) => ({ when: c.when, points: String(c.points) })),
  activities: (r?.activities ?? []).map((a) => ({ object: a.object, field: a.field, when: a.when ?? '', points: String(a.points), within: a.within ?? '', max: a.max === undefined ? '' : String(a.max) })),
});

/** The form's values as the kind's item, keeping what the form does not edit (labels in other languages, dateField, criteria labels). */
function toRule(v: Values, before?: ScoringRule): ScoringRule {
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  return {
    name: v.name.trim(), object: v.object, field: v.field, active: v.active,
    ...(v.label.trim() ? { label: { ...(before?.label ?? {}), en: v.label.trim() } } : {}),
    criteria: v.criteria.map((c, i) => ({ ...(before?.criteria?.[i]?.label ? { label: before.criteria[i].label } : {}), when: c.when, points: num(c.points) ?? 0 })),
    activities: v.activities.map((a, i) => {
      const kept = before?.activities?.[i];
      return {
        ...(kept?.label ? { label: kept.label } : {}), ...(kept?.dateField && a.within ? { dateField: kept.dateField } : {}),
        object: a.object, field: a.field, points: num(a.points) ?? 0,
        ...(a.when.trim() ? { when: a.when.trim() } : {}), ...(a.within.trim() ? { within: a.within.trim() } : {}), ...(num(a.max) !== undefined ? { max: num(a.max) } : {}),
      };
    }),
  };
}

function RuleForm({ rule, rules, onDone }: { rule?: ScoringRule; rules: ScoringRule[]; onDone: () => void }) {
  const { t } = useTranslation('scoring');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const save = useSaveScoringRules();
  const { control, handleSubmit, watch } = useForm<Values>({ defaultValues: toValues(rule) });
  const criteria = useFieldArray({ control, name: 'criteria' });
  const activities = useFieldArray({ control, name: 'activities' });
  const object = watch('object');
  const err = save.error;
  const fieldsOf = (o: string, types?: string[]) => (objects.find((x) => x.name === o)?.fields ?? []).filter((f) => !types || types.includes(f.type)).map((f) => ({ value: f.name, label: f.label }));
  const lookupsTo = (o: string) => (objects.find((x) => x.name === o)?.fields ?? []).filter((f) => (f.type === 'lookup' || f.type === 'masterDetail') && f.target === object).map((f) => ({ value: f.name, label: f.label }));
  const row = (key: 'name' | 'label', label: string, props: Record<string, unknown> = {}) => (
    <div className="form-row">
      <label htmlFor={`scoring-${key}`}>{label}</label>
      <FormInput control={control} name={key} id={`scoring-${key}`} {...invalidProps(err, key, `scoring-${key}-error`)} {...props} />
      <FieldError error={err} field={key} id={`scoring-${key}-error`} />
    </div>
  );
  return (
    <form className="panel" aria-label={rule ? `${t('edit')} ${rule.name}` : t('add')}
      onSubmit={handleSubmit(async (v) => {
        await save.mutateAsync([...rules.filter((r) => r.name !== rule?.name), toRule(v, rule)]);
        message.success(t('saved'));
        onDone();
      })}>
      {row('name', t('name'), { disabled: !!rule })}
      {row('label', t('label'))}
      <div className="form-row">
        <label htmlFor="scoring-object">{t('object')}</label>
        <FormSelect control={control} name="object" id="scoring-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} style={{ minWidth: 200 }} {...invalidProps(err, 'object', 'scoring-object-error')} />
        <FieldError error={err} field="object" id="scoring-object-error" />
      </div>
      <div className="form-row">
        <label htmlFor="scoring-field">{t('field')}</label>
        <FormSelect control={control} name="field" id="scoring-field" options={fieldsOf(object, ['number', 'integer'])} style={{ minWidth: 200 }} {...invalidProps(err, 'field', 'scoring-field-error')} />
        <FieldError error={err} field="field" id="scoring-field-error" />
      </div>
      <div className="form-row"><FormCheckbox control={control} name="active" id="scoring-active">{t('active')}</FormCheckbox></div>
      <fieldset>
        <legend>{t('criteria')}</legend>
        {criteria.fields.map((f, i) => (
          <Space key={f.id} wrap>
            <FormInput control={control} name={`criteria.${i}.when`} aria-label={`${t('when')} ${i + 1}`} placeholder='industry = "Education"' style={{ minWidth: 300 }} />
            <FormInput control={control} name={`criteria.${i}.points`} aria-label={`${t('points')} ${i + 1}`} type="number" style={{ width: 100 }} />
            <Button onClick={() => criteria.remove(i)}>{t('removeRow')}</Button>
          </Space>
        ))}
        <Button onClick={() => criteria.append({ when: '', points: '10' })}>{t('addCriterion')}</Button>
      </fieldset>
      <fieldset>
        <legend>{t('activities')}</legend>
        {activities.fields.map((f, i) => {
          const activity = watch(`activities.${i}.object`);
          return (
            <Space key={f.id} wrap>
              <FormSelect control={control} name={`activities.${i}.object`} aria-label={`${t('activityObject')} ${i + 1}`} style={{ minWidth: 150 }}
                options={objects.filter((o) => o.fields.some((x) => (x.type === 'lookup' || x.type === 'masterDetail') && x.target === object)).map((o) => ({ value: o.name, label: o.label }))} />
              <FormSelect control={control} name={`activities.${i}.field`} aria-label={`${t('lookup')} ${i + 1}`} style={{ minWidth: 140 }} options={lookupsTo(activity)} />
              <FormInput control={control} name={`activities.${i}.when`} aria-label={`${t('condition')} ${i + 1}`} placeholder='type = "Call"' style={{ minWidth: 200 }} />
              <FormInput control={control} name={`activities.${i}.points`} aria-label={`${t('activities')} ${t('points')} ${i + 1}`} type="number" style={{ width: 90 }} />
              <FormInput control={control} name={`activities.${i}.within`} aria-label={`${t('within')} ${i + 1}`} placeholder="P30D" style={{ width: 110 }} />
              <FormInput control={control} name={`activities.${i}.max`} aria-label={`${t('max')} ${i + 1}`} type="number" style={{ width: 90 }} />
              <Button onClick={() => activities.remove(i)}>{t('removeRow')}</Button>
            </Space>
          );
        })}
        <Button onClick={() => activities.append({ object: '', field: '', when: '', points: '5', within: '', max: '' })}>{t('addActivity')}</Button>
      </fieldset>
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}

/** `/setup/scoring`: the tenant's scoring rules (kind `scoringRules`), with each rule's background recomputation. */
export function ScoringRulesPage() {
  const { t } = useTranslation('scoring');
  const rules = useScoringRules();
  const progress = useScoringProgress();
  const save = useSaveScoringRules();
  const [editing, setEditing] = useState<ScoringRule | 'new' | null>(null);
  const all = rules.data ?? [];
  const status = (name: string) => {
    const p = progress.data?.find((x) => x.rule === name);
    if (!p) return '—';
    if (p.total === null) return t('pending');
    return t(p.finishedAt ? 'progress' : 'running', { done: p.done, total: p.total });
  };
  return (
    <div className="scoring-editor">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <FormError error={rules.error ?? save.error} />
      <Table<ScoringRule> rowKey="name" size="small" dataSource={all} pagination={false} loading={rules.isLoading} locale={{ emptyText: t('empty') }}
        columns={[
          { key: 'name', title: t('name'), render: (_, r) => r.label?.en ?? r.name },
          { key: 'object', title: t('object'), render: (_, r) => `${r.object}.${r.field}` },
          { key: 'rules', title: t('points'), render: (_, r) => `${r.criteria?.length ?? 0} + ${r.activities?.length ?? 0}` },
          { key: 'progress', title: '', render: (_, r) => <span role="status" aria-label={`${r.name} progress`}>{status(r.name)}</span> },
          { key: 'actions', title: '', render: (_, r) => (
            <Space>
              <Button size="small" onClick={() => setEditing(r)} aria-label={`${t('edit')} ${r.name}`}>{t('edit')}</Button>
              <Button size="small" danger onClick={() => save.mutate(all.filter((x) => x.name !== r.name))} aria-label={`${t('remove')} ${r.name}`}>{t('remove')}</Button>
            </Space>
          ) },
        ]} />
      {editing === null && <Button type="primary" onClick={() => setEditing('new')}>{t('add')}</Button>}
      {editing !== null && <RuleForm key={editing === 'new' ? 'new' : editing.name} rule={editing === 'new' ? undefined : editing} rules={all} onDone={() => setEditing(null)} />}
    </div>
  );
}

export default ScoringRulesPage;
