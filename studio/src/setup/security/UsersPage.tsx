import '../../ui/admin.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  return (
    <div className="users-page">
      <h1>{t('users.title')}</h1>
      <div className="toolbar"><button type="button" className="primary" onClick={() => setMode({ kind: 'new' })}>{t('users.new')}</button></div>
      {users.error && <FormError error={users.error} />}
      <table className="grid">
        <caption className="visually-hidden">{t('users.caption')}</caption>
        <thead>
          <tr>
            {(['name', 'email', 'role', 'manager', 'locale', 'status'] as const).map((c) => <th scope="col" key={c}>{t(`users.columns.${c}`)}</th>)}
            <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.name}{u.isAdmin ? ` (${t('users.admin')})` : ''}</td>
              <td>{u.email}</td>
              <td>{u.role ?? '—'}</td>
              <td>{u.manager?.name ?? '—'}</td>
              <td>{u.locale}</td>
              <td>{u.isActive ? t('users.active') : t('users.inactive')}</td>
              <td className="actions">
                <button type="button" onClick={() => setMode({ kind: 'edit', user: u })}>{t('users.edit', { name: u.name })}</button>{' '}
                <button type="button" onClick={() => setMode({ kind: 'keys', user: u })}>{t('users.keys', { name: u.name })}</button>{' '}
                <button type="button" className={u.isActive ? 'danger' : undefined} onClick={() => setActive.mutate({ id: u.id, input: { isActive: !u.isActive } })}>
                  {u.isActive ? t('users.deactivate', { name: u.name }) : t('users.activate', { name: u.name })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={setActive.error} />
      {mode.kind === 'new' && <UserForm key="new" user={null} onDone={() => setMode({ kind: 'none' })} />}
      {mode.kind === 'edit' && <UserForm key={mode.user.id} user={mode.user} onDone={() => setMode({ kind: 'none' })} />}
      {mode.kind === 'keys' && <ApiKeysPanel key={mode.user.id} user={mode.user} onClose={() => setMode({ kind: 'none' })} />}
    </div>
  );
}
