import '../ui/admin.css';
import { Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../ui/FieldError.tsx';
import { useRules, useSaveRules, type AssignmentRule, type DispatchRule } from './api.ts';
import { AssignmentForm } from './AssignmentForm.tsx';
import { DispatchForm } from './DispatchForm.tsx';

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
