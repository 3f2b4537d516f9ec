import '../ui/admin.css';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { findUsers } from '../api/users.ts';
import { FormCheckbox, FormInput, FormSelect } from '../ui/design/form-controls.tsx';
import { FieldError, FormError, invalidProps } from '../ui/FieldError.tsx';
import { useRules, useSaveRules, type AssignmentRule, type DispatchRule } from './api.ts';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const STRATEGIES = ['roundRobin', 'loadBalanced', 'named', 'bestToBest'] as const;

interface AValues { name: string; object: string; order: string; active: boolean; when: string; strategy: AssignmentRule['strategy']; team: string[]; userField: string; capacity: string; scoreField: string; perfObject: string; perfField: string; perfWon: string; perfAmount: string }
interface DValues { name: string; object: string; order: string; active: boolean; when: string; requiredFields: string; scoreField: string; scoreMin: string; pool: string; setField: string; setValue: string; assign: boolean; calendar: string }

function Row({ id, label, children, error, field }: { id: string; label: string; children: React.ReactNode; error?: unknown; field?: string }) {
  return (
    <div className="form-row">
      <label htmlFor={id}>{label}</label>
      {children}
      {field && <FieldError error={error} field={field} id={`${id}-error`} />}
    </div>
  );
}

function AssignmentForm({ rule, rules, onDone }: { rule?: AssignmentRule; rules: AssignmentRule[]; onDone: () => void }) {
  const { t } = useTranslation('assignment');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const users = useQuery({ queryKey: ['assignment', 'users'], queryFn: () => findUsers('', 200) }).data ?? [];
  const save = useSaveRules();
  const perf = rule?.performance as { object?: string; field?: string; won?: string[]; amountField?: string } | undefined;
  const { control, handleSubmit, watch } = useForm<AValues>({ defaultValues: {
    name: rule?.name ?? '', object: rule?.object ?? '', order: String(rule?.order ?? ''), active: rule?.active !== false, when: rule?.when ?? '', strategy: rule?.strategy ?? 'roundRobin',
    team: (rule?.team ?? []).flatMap((m) => (m.type === 'user' ? (m.users as string[]) : [])), userField: rule?.userField ?? '', capacity: String(rule?.capacity ?? ''), scoreField: rule?.scoreField ?? '',
    perfObject: perf?.object ?? '', perfField: perf?.field ?? '', perfWon: (perf?.won ?? []).join(', '), perfAmount: perf?.amountField ?? '',
  } });
  const strategy = watch('strategy');
  const err = save.error;
  const text = (key: keyof AValues, label: string, props: Record<string, unknown> = {}) => (
    <Row id={`ar-${key}`} label={label} error={err} field={key}>
      <FormInput control={control} name={key as 'name'} id={`ar-${key}`} {...invalidProps(err, key, `ar-${key}-error`)} {...props} />
    </Row>
  );
  return (
    <form className="panel" aria-label={rule ? `${t('edit')} ${rule.name}` : t('add')} onSubmit={handleSubmit(async (v) => {
      const item: AssignmentRule = { name: v.name, object: v.object, strategy: v.strategy };
      if (v.order !== '') item.order = Number(v.order);
      if (!v.active) item.active = false;
      if (v.when.trim()) item.when = v.when.trim();
      if (v.team.length) item.team = [{ type: 'user', users: v.team }];
      if (v.strategy === 'named' && v.userField) item.userField = v.userField;
      if (v.capacity !== '') item.capacity = Number(v.capacity);
      if (v.strategy === 'bestToBest') {
        if (v.scoreField) item.scoreField = v.scoreField;
        item.performance = { object: v.perfObject, measure: v.perfAmount ? 'amount' : 'conversion', field: v.perfField, won: list(v.perfWon), ...(v.perfAmount ? { amountField: v.perfAmount } : {}) };
      }
      await save.mutateAsync({ assignmentRules: [...rules.filter((r) => r.name !== rule?.name), item] });
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
        <Row id="ar-team" label={t('team')} error={err} field="team"><FormSelect control={control} name="team" id="ar-team" mode="multiple" options={users.map((u) => ({ value: u.id, label: u.name }))} style={{ minWidth: 300 }} /></Row>
      )}
      {strategy === 'named' && text('userField', t('userField'))}
      {text('capacity', t('capacity'), { type: 'number', min: 0 })}
      {strategy === 'bestToBest' && (<>
        {text('scoreField', t('scoreField'))}
        {text('perfObject', t('perfObject'))}
        {text('perfField', t('perfField'))}
        {text('perfWon', t('perfWon'))}
        {text('perfAmount', t('perfAmount'))}
      </>)}
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}

function DispatchForm({ rule, rules, onDone }: { rule?: DispatchRule; rules: DispatchRule[]; onDone: () => void }) {
  const { t } = useTranslation('assignment');
  const { message } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const save = useSaveRules();
  const [setField, setValue] = Object.entries(rule?.set ?? {})[0] ?? ['', ''];
  const { control, handleSubmit } = useForm<DValues>({ defaultValues: {
    name: rule?.name ?? '', object: rule?.object ?? '', order: String(rule?.order ?? ''), active: rule?.active !== false, when: rule?.when ?? '',
    requiredFields: (rule?.requiredFields ?? []).join(', '), scoreField: rule?.score?.field ?? '', scoreMin: String(rule?.score?.min ?? ''), pool: rule?.pool ?? '',
    setField, setValue: String(setValue ?? ''), assign: !!rule?.assign, calendar: rule?.calendar ?? '',
  } });
  const err = save.error;
  const text = (key: keyof DValues, label: string, props: Record<string, unknown> = {}) => (
    <Row id={`dr-${key}`} label={label} error={err} field={key}>
      <FormInput control={control} name={key as 'name'} id={`dr-${key}`} {...invalidProps(err, key, `dr-${key}-error`)} {...props} />
    </Row>
  );
  return (
    <form className="panel" aria-label={rule ? `${t('edit')} ${rule.name}` : t('add')} onSubmit={handleSubmit(async (v) => {
      const item: DispatchRule = { name: v.name, object: v.object };
      if (v.order !== '') item.order = Number(v.order);
      if (!v.active) item.active = false;
      if (v.when.trim()) item.when = v.when.trim();
      if (list(v.requiredFields).length) item.requiredFields = list(v.requiredFields);
      if (v.scoreField) item.score = { field: v.scoreField, min: Number(v.scoreMin || 0) };
      if (v.pool) item.pool = v.pool;
      if (v.setField) item.set = { [v.setField]: v.setValue };
      if (v.assign) item.assign = true;
      if (v.calendar) item.calendar = v.calendar;
      await save.mutateAsync({ dispatchRules: [...rules.filter((r) => r.name !== rule?.name), item] });
      message.success(t('saved'));
      onDone();
    })}>
      {text('name', t('name'), { disabled: !!rule })}
      <Row id="dr-object" label={t('object')}><FormSelect control={control} name="object" id="dr-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} style={{ minWidth: 200 }} /></Row>
      {text('order', t('order'), { type: 'number' })}
      <div className="form-row"><FormCheckbox control={control} name="active" id="dr-active">{t('active')}</FormCheckbox></div>
      {text('requiredFields', t('requiredFields'))}
      {text('scoreField', t('scoreField'))}
      {text('scoreMin', t('scoreMin'), { type: 'number' })}
      {text('when', t('when'))}
      {text('pool', t('pool'))}
      {text('setField', t('setField'))}
      {text('setValue', t('setValue'))}
      <div className="form-row"><FormCheckbox control={control} name="assign" id="dr-assign">{t('assign')}</FormCheckbox></div>
      {text('calendar', t('calendar'))}
      <FormError error={err} />
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('save')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </form>
  );
}

/** `/setup/assignment`: the tenant's assignment rules and dispatch rules, each kind saved as one document section. */
export function AssignmentRulesPage() {
  const { t } = useTranslation('assignment');
  const rules = useRules();
  const save = useSaveRules();
  const [editingA, setEditingA] = useState<AssignmentRule | 'new' | null>(null);
  const [editingD, setEditingD] = useState<DispatchRule | 'new' | null>(null);
  const assignment = rules.data?.assignmentRules ?? [];
  const dispatch = rules.data?.dispatchRules ?? [];
  const actions = <T extends { name: string }>(item: T, edit: () => void, remove: () => void) => (
    <Space>
      <Button size="small" onClick={edit} aria-label={`${t('edit')} ${item.name}`}>{t('edit')}</Button>
      <Button size="small" danger onClick={remove} aria-label={`${t('remove')} ${item.name}`}>{t('remove')}</Button>
    </Space>
  );
  return (
    <div className="assignment-editor">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <FormError error={rules.error ?? save.error} />
      <Typography.Title level={2}>{t('assignmentRules')}</Typography.Title>
      <Table<AssignmentRule> rowKey="name" size="small" dataSource={assignment} pagination={false} loading={rules.isLoading} locale={{ emptyText: t('empty') }}
        columns={[
          { key: 'name', title: t('name'), dataIndex: 'name' },
          { key: 'object', title: t('object'), dataIndex: 'object' },
          { key: 'order', title: t('order'), render: (_, r) => r.order ?? 0 },
          { key: 'when', title: t('when'), render: (_, r) => r.when ?? '—' },
          { key: 'strategy', title: t('strategy'), render: (_, r) => t(`strategies.${r.strategy}`) },
          { key: 'actions', title: '', render: (_, r) => actions(r, () => setEditingA(r), () => save.mutate({ assignmentRules: assignment.filter((x) => x.name !== r.name) })) },
        ]} />
      {editingA === null && <Button type="primary" onClick={() => setEditingA('new')}>{t('add')}</Button>}
      {editingA !== null && <AssignmentForm key={editingA === 'new' ? 'new' : editingA.name} rule={editingA === 'new' ? undefined : editingA} rules={assignment} onDone={() => setEditingA(null)} />}
      <Typography.Title level={2}>{t('dispatchRules')}</Typography.Title>
      <Table<DispatchRule> rowKey="name" size="small" dataSource={dispatch} pagination={false} loading={rules.isLoading} locale={{ emptyText: t('empty') }}
        columns={[
          { key: 'name', title: t('name'), dataIndex: 'name' },
          { key: 'object', title: t('object'), dataIndex: 'object' },
          { key: 'pool', title: t('pool'), render: (_, r) => r.pool ?? '—' },
          { key: 'calendar', title: t('calendar'), render: (_, r) => r.calendar ?? 'default' },
          { key: 'actions', title: '', render: (_, r) => actions(r, () => setEditingD(r), () => save.mutate({ dispatchRules: dispatch.filter((x) => x.name !== r.name) })) },
        ]} />
      {editingD === null && <Button type="primary" onClick={() => setEditingD('new')}>{t('add')}</Button>}
      {editingD !== null && <DispatchForm key={editingD === 'new' ? 'new' : editingD.name} rule={editingD === 'new' ? undefined : editingD} rules={dispatch} onDone={() => setEditingD(null)} />}
    </div>
  );
}
