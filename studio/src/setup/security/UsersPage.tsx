import '../../ui/admin.css';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusOutlined } from '../../ui/design/icons.tsx';
import { FormError } from '../../ui/FieldError.tsx';
import { securityKeys, useSecurityMutation, useUsers, type UserRow } from './api.ts';
import { ApiKeysPanel } from './ApiKeysPanel.tsx';
import { UserForm } from './UserForm.tsx';

const SET_ACTIVE = 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id isActive } }';

type Mode = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; user: UserRow } | { kind: 'keys'; user: UserRow };

/** Users: list, create, edit, deactivate (or reactivate), and each user's API keys. */
export function UsersPage() {
  const { t } = useTranslation('security');
  const users = useUsers();
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const setActive = useSecurityMutation<{ id: string; input: { isActive: boolean } }>(SET_ACTIVE, [securityKeys.users]);
  const column = (c: 'name' | 'email' | 'role' | 'manager' | 'locale' | 'status', render: (u: UserRow) => React.ReactNode) => ({ key: c, title: t(`users.columns.${c}`), render: (_: unknown, u: UserRow) => render(u) });
  return (
    <div className="users-page">
      <Typography.Title level={1}>{t('users.title')}</Typography.Title>
      <div className="toolbar"><Button type="primary" icon={<PlusOutlined />} onClick={() => setMode({ kind: 'new' })}>{t('users.new')}</Button></div>
      {users.error && <FormError error={users.error} />}
      {mode.kind === 'new' && <UserForm key="new" user={null} onDone={() => setMode({ kind: 'none' })} />}
      {mode.kind === 'edit' && <UserForm key={mode.user.id} user={mode.user} onDone={() => setMode({ kind: 'none' })} />}
      {mode.kind === 'keys' && <ApiKeysPanel key={mode.user.id} user={mode.user} onClose={() => setMode({ kind: 'none' })} />}
      <Table<UserRow> size="middle" rowKey="id" pagination={false} dataSource={users.data ?? []} loading={users.isLoading} aria-label={t('users.caption')} scroll={{ x: 'max-content' }}
        columns={[
          column('name', (u) => <>{u.name}{u.isAdmin ? ` (${t('users.admin')})` : ''}</>),
          column('email', (u) => u.email),
          column('role', (u) => u.role ?? '—'),
          column('manager', (u) => u.manager?.name ?? '—'),
          column('locale', (u) => u.locale),
          column('status', (u) => (u.isActive ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>)),
          {
            key: 'actions', title: <span className="visually-hidden">{t('actions')}</span>, render: (_: unknown, u: UserRow) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setMode({ kind: 'edit', user: u })}>{t('users.edit', { name: u.name })}</Button>
                <Button size="small" onClick={() => setMode({ kind: 'keys', user: u })}>{t('users.keys', { name: u.name })}</Button>
                <Button size="small" danger={u.isActive} onClick={() => setActive.mutate({ id: u.id, input: { isActive: !u.isActive } })}>
                  {u.isActive ? t('users.deactivate', { name: u.name }) : t('users.activate', { name: u.name })}
                </Button>
              </Space>
            ),
          },
        ]} />
      <FormError error={setActive.error} />
    </div>
  );
}
