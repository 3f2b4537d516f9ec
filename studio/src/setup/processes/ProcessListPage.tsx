import '../../ui/admin.css';
import './processes.css';
import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProcessStrings } from './i18n.ts';
import { Link } from 'react-router';
import { ButtonLink } from '../../ui/design/ButtonLink.tsx';
import { PlusOutlined } from '../../ui/design/icons.tsx';
import { useConfirm } from '../../ui/design/useConfirm.ts';
import { FormError } from '../../ui/FieldError.tsx';
import { useDefinitions, useDeleteDefinition, useSaveDefinition, type Definition } from './api.ts';
import { APPROVAL_FLOWS, WORKFLOWS, type ProcessKind } from './model.ts';

export function WorkflowsPage() {
  return <ProcessListPage kind={WORKFLOWS} />;
}

export function ApprovalFlowsPage() {
  return <ProcessListPage kind={APPROVAL_FLOWS} />;
}

/** Setup's list of workflows or approval flows: name, object, trigger, active, version; New, edit, activate/deactivate, delete. */
function ProcessListPage({ kind }: { kind: ProcessKind }) {
  useProcessStrings();
  const { t } = useTranslation('processes');
  const { message } = App.useApp();
  const list = useDefinitions(kind);
  const save = useSaveDefinition(kind);
  const remove = useDeleteDefinition(kind);
  const confirm = useConfirm();
  const strings = `list.${kind.name}` as const;
  // Activating changes the active flag only: the engine keeps no new version for it.
  const setActive = (d: Definition, active: boolean) => save.mutate({ ...d.definition, active }, { onError: (e) => message.error(e.message) });
  const trigger = (d: Definition) => {
    if (kind.name === 'workflows') return t(`triggerTypes.${(d.definition.trigger as { type: string }).type}`);
    return (d.definition.entryCriteria as string | undefined) ?? '—';
  };
  return (
    <div className="process-list-page">
      <Typography.Title level={1}>{t(`${strings}.title`)}</Typography.Title>
      <FormError error={list.error ?? remove.error} />
      <div className="toolbar"><ButtonLink to={`${kind.path}/new`} icon={<PlusOutlined />}>{t(`${strings}.new`)}</ButtonLink></div>
      <Table<Definition> size="middle" rowKey="name" pagination={false} loading={list.isLoading} dataSource={list.data ?? []} aria-label={t(`${strings}.caption`)} locale={{ emptyText: t(`${strings}.empty`) }}
        columns={[
          { key: 'name', title: t('list.columns.name'), render: (_, d) => <Link to={`${kind.path}/${d.name}`}>{d.name}</Link> },
          { key: 'object', title: t('list.columns.object'), render: (_, d) => String(d.definition.object ?? '—') },
          { key: 'trigger', title: t('list.columns.trigger'), render: (_, d) => trigger(d) },
          { key: 'active', title: t('list.columns.active'), render: (_, d) => (d.definition.active === false ? <Tag>{t('list.no')}</Tag> : <Tag color="green">{t('list.yes')}</Tag>) },
          { key: 'version', title: t('list.columns.version'), render: (_, d) => d.version ?? '—' },
          {
            key: 'actions', title: t('list.columns.actions'), render: (_, d) => (
              <Space size="small">
                <ButtonLink size="small" to={`${kind.path}/${d.name}`} aria-label={t('list.edit', { name: d.name })}>{t('list.edit', { name: '' }).trim()}</ButtonLink>
                {d.definition.active === false
                  ? <Button size="small" onClick={() => setActive(d, true)} aria-label={t('list.activate', { name: d.name })}>{t('list.activate', { name: '' }).trim()}</Button>
                  : <Button size="small" onClick={() => setActive(d, false)} aria-label={t('list.deactivate', { name: d.name })}>{t('list.deactivate', { name: '' }).trim()}</Button>}
                <Button size="small" danger aria-label={t('list.delete', { name: d.name })}
                  onClick={() => confirm({ title: t('list.confirmDelete', { name: d.name }), okText: t('list.deleteTitle', { name: d.name }), onOk: () => remove.mutateAsync(d.name) })}>
                  {t('list.delete', { name: '' }).trim()}
                </Button>
              </Space>
            ),
          },
        ]} />
    </div>
  );
}
