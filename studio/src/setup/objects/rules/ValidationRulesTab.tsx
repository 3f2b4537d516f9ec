import { Alert, App, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../../api/metadata.ts';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '../../../ui/design/icons.tsx';
import { deleteValidationRule, useInvalidateRules, useValidationRules, type ValidationRule } from './api.ts';
import { RuleForm } from './RuleForm.tsx';

/** The validation rules of an object (tab "Validation rules"): list, add, edit, delete. */
export function ValidationRulesTab({ object }: { object: ObjectMeta }) {
  const { t, i18n } = useTranslation('setup');
  const { modal } = App.useApp();
  const rules = useValidationRules(object.name);
  const invalidate = useInvalidateRules(object.name);
  const [panel, setPanel] = useState<{ kind: 'new' } | { kind: 'edit'; rule: ValidationRule } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const message = (r: ValidationRule) => (i18n.language.startsWith('zh') ? r.message.zh ?? r.message['zh-CN'] : undefined) ?? r.message.en;
  const fieldLabel = (name?: string) => (name ? object.fields.find((f) => f.name === name)?.label ?? name : t('rules.form.record'));
  const confirmDelete = (rule: ValidationRule) => modal.confirm({
    title: t('rules.confirmDelete', { name: rule.name }),
    okText: t('rules.delete', { name: rule.name }),
    okButtonProps: { danger: true },
    cancelText: t('common:actions.cancel'),
    onOk: async () => {
      setProblem(null);
      try {
        await deleteValidationRule(rule.name);
        await invalidate();
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
      }
    },
  });
  return (
    <section aria-label={t('rules.title')}>
      <Space className="toolbar">
        <Button icon={<PlusOutlined />} onClick={() => setPanel({ kind: 'new' })}>{t('rules.add')}</Button>
      </Space>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      {rules.error && <Alert type="error" showIcon role="alert" title={(rules.error as Error).message} />}
      <Table<ValidationRule> rowKey="name" size="small" pagination={false} loading={rules.isLoading} dataSource={rules.data ?? []}
        aria-label={t('rules.table', { object: object.label })}
        locale={{ emptyText: <Empty description={t('rules.empty')} /> }}
        columns={[
          { key: 'name', title: t('rules.columns.name'), render: (_, r) => <Typography.Text code>{r.name}</Typography.Text> },
          { key: 'assert', title: t('rules.columns.assert'), render: (_, r) => <Typography.Text code className="expression">{r.assert}</Typography.Text> },
          { key: 'message', title: t('rules.columns.message'), render: (_, r) => message(r) },
          { key: 'field', title: t('rules.columns.field'), render: (_, r) => fieldLabel(r.field) },
          { key: 'on', title: t('rules.columns.on'), render: (_, r) => <>{t(`rules.on.${r.on}`)} {!r.active && <Tag>{t('rules.inactive')}</Tag>}</> },
          {
            key: 'actions', title: t('rules.columns.actions'), render: (_, r) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} aria-label={t('rules.edit', { name: r.name })} onClick={() => setPanel({ kind: 'edit', rule: r })} />
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('rules.delete', { name: r.name })} onClick={() => confirmDelete(r)} />
              </Space>
            ),
          },
        ]} />
      {panel && (
        <RuleForm object={object} rule={panel.kind === 'edit' ? panel.rule : undefined} onCancel={() => setPanel(null)}
          onDone={async () => { setPanel(null); await invalidate(); }} />
      )}
    </section>
  );
}
