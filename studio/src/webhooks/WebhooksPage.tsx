import '../ui/admin.css';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../ui/design/useConfirm.ts';
import { FormError } from '../ui/FieldError.tsx';
import { useDeleteWebhook, useDeliveries, useWebhooks, type Webhook } from './api.ts';
import { DeliveryLog, StatusTag } from './DeliveryLog.tsx';
import { WebhookForm } from './WebhookForm.tsx';

/** The newest delivery's state and response code, for the list. */
function LastDelivery({ webhook }: { webhook: string }) {
  const { t } = useTranslation('webhooks');
  const page = useDeliveries(webhook, null, 1);
  const d = page.data?.nodes[0];
  if (!d) return <span>{t('never')}</span>;
  return <span aria-label={`${webhook} last delivery`}><StatusTag delivery={d} /> {d.lastCode ?? ''}</span>;
}

/** `/setup/webhooks`: the tenant's outbound webhooks (kind `webhooks`), their editor, and each one's delivery log with replay. */
export function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  const hooks = useWebhooks();
  const remove = useDeleteWebhook();
  const confirm = useConfirm();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [log, setLog] = useState<string | null>(null);
  return (
    <div className="webhooks-editor">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <FormError error={hooks.error ?? remove.error} />
      <Table<Webhook> rowKey="name" size="small" dataSource={hooks.data ?? []} pagination={false} loading={hooks.isLoading} locale={{ emptyText: t('empty') }}
        columns={[
          { key: 'name', title: t('name'), dataIndex: 'name' },
          { key: 'object', title: t('object'), dataIndex: 'object' },
          { key: 'events', title: t('events'), render: (_, h) => h.events.map((e) => t(`event.${e}`)).join(', ') + (h.fields?.length ? ` (${h.fields.join(', ')})` : '') },
          { key: 'url', title: t('url'), render: (_, h) => <Typography.Text ellipsis style={{ maxWidth: 280 }} title={h.url}>{h.url}</Typography.Text> },
          { key: 'active', title: t('active'), render: (_, h) => (h.active === false ? <Tag>{t('inactive')}</Tag> : <Tag color="blue">{t('active')}</Tag>) },
          { key: 'last', title: t('lastDelivery'), render: (_, h) => <LastDelivery webhook={h.name} /> },
          { key: 'actions', title: '', render: (_, h) => (
            <Space>
              <Button size="small" onClick={() => setLog(h.name)} aria-label={`${t('deliveries')} ${h.name}`}>{t('deliveries')}</Button>
              <Button size="small" onClick={() => setEditing(h)} aria-label={`${t('edit')} ${h.name}`}>{t('edit')}</Button>
              <Button size="small" danger aria-label={`${t('remove')} ${h.name}`} onClick={() => confirm({
                title: t('confirmRemove', { name: h.name }), okText: `${t('remove')} ${h.name}`,
                onOk: async () => { await remove.mutateAsync(h.name); if (log === h.name) setLog(null); },
              })}>{t('remove')}</Button>
            </Space>
          ) },
        ]} />
      {editing === null && <Button type="primary" style={{ marginTop: 8 }} onClick={() => setEditing('new')}>{t('add')}</Button>}
      {editing !== null && <WebhookForm key={editing === 'new' ? 'form:new' : `form:${editing.name}`} hook={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      {/* Keys by role: the form and the log of one webhook are siblings (the same key twice confuses React). */}
      {log && <DeliveryLog key={`log:${log}`} webhook={log} />}
    </div>
  );
}
