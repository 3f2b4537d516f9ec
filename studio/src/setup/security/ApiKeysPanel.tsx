import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/FieldError.tsx';
import { securityKeys, useApiKeys, useSecurityMutation, type UserRow } from './api.ts';

const CREATE = 'mutation($user: ID!, $name: String) { createApiKey(user: $user, name: $name) { id key } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }';

type KeyRow = NonNullable<ReturnType<typeof useApiKeys>['data']>[number];

/** One user's API keys: a new key is shown once; the list never shows secrets. */
export function ApiKeysPanel({ user, onClose }: { user: UserRow; onClose(): void }) {
  const { t, i18n } = useTranslation('security');
  const keys = useApiKeys(user.id);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const create = useSecurityMutation<{ user: string; name?: string }, { createApiKey: { id: string; key: string } }>(CREATE, [securityKeys.apiKeys(user.id)]);
  const revoke = useSecurityMutation<{ id: string }>(REVOKE, [securityKeys.apiKeys(user.id)]);
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  return (
    <section aria-labelledby="api-keys-title">
      <Card size="small" className="editor-card" title={<h2 id="api-keys-title" className="card-heading">{t('apiKeys.title', { name: user.name })}</h2>}
        extra={<Button size="small" onClick={onClose}>{t('close')}</Button>}>
        <form className="toolbar" onSubmit={(e) => { e.preventDefault(); create.mutate({ user: user.id, name: name || undefined }, { onSuccess: (r) => { setShown(r.createApiKey.key); setName(''); } }); }}>
          <label htmlFor="api-key-name">{t('apiKeys.name')}</label>
          <Input id="api-key-name" className="key-name" value={name} onChange={(e) => setName(e.target.value)} />
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('apiKeys.create')}</Button>
        </form>
        {shown && (
          <Alert type="warning" showIcon role="status" className="new-key" title={t('apiKeys.showOnce')} description={(
            <Space wrap>
              <label htmlFor="api-key-secret">{t('apiKeys.secret')}</label>
              <Input id="api-key-secret" readOnly value={shown} className="key-secret" onFocus={(e) => e.target.select()} />
              <Button onClick={() => setShown(null)}>{t('apiKeys.hide')}</Button>
            </Space>
          )} />
        )}
        <FormError error={create.error ?? revoke.error} />
        <Table<KeyRow> size="small" rowKey="id" pagination={false} dataSource={keys.data ?? []} aria-label={t('apiKeys.caption')} scroll={{ x: 'max-content' }}
          columns={[
            { key: 'name', title: t('apiKeys.name'), render: (_, k) => k.name },
            { key: 'prefix', title: t('apiKeys.prefix'), render: (_, k) => <Typography.Text code>tsk_{k.prefix}_…</Typography.Text> },
            { key: 'created', title: t('apiKeys.created'), render: (_, k) => when(k.createdAt) },
            { key: 'lastUsed', title: t('apiKeys.lastUsed'), render: (_, k) => when(k.lastUsedAt) },
            { key: 'status', title: t('apiKeys.status'), render: (_, k) => (k.revokedAt ? <Tag>{t('apiKeys.revoked', { at: when(k.revokedAt) })}</Tag> : <Tag color="green">{t('apiKeys.active')}</Tag>) },
            { key: 'actions', title: <span className="visually-hidden">{t('actions')}</span>, render: (_, k) => !k.revokedAt && <Button size="small" danger onClick={() => revoke.mutate({ id: k.id })}>{t('apiKeys.revoke', { name: k.name || k.prefix })}</Button> },
          ]} />
      </Card>
    </section>
  );
}
