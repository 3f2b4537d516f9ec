import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/FieldError.tsx';
import { securityKeys, useApiKeys, useSecurityMutation, type UserRow } from './api.ts';

const CREATE = 'mutation($user: ID!, $name: String) { createApiKey(user: $user, name: $name) { id key } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }';

/** One user's API keys: a new key is shown once; the list never shows secrets. */
export function ApiKeysPanel({ user, onClose }: { user: UserRow; onClose(): void }) {
  const { t } = useTranslation('security');
  const keys = useApiKeys(user.id);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const create = useSecurityMutation<{ user: string; name?: string }, { createApiKey: { id: string; key: string } }>(CREATE, [securityKeys.apiKeys(user.id)]);
  const revoke = useSecurityMutation<{ id: string }>(REVOKE, [securityKeys.apiKeys(user.id)]);
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
  return (
    <section className="panel" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('apiKeys.title', { name: user.name })}</h2>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); create.mutate({ user: user.id, name: name || undefined }, { onSuccess: (r) => { setShown(r.createApiKey.key); setName(''); } }); }}>
        <label htmlFor="api-key-name">{t('apiKeys.name')}</label>
        <input id="api-key-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" disabled={create.isPending}>{t('apiKeys.create')}</button>
      </form>
      {shown && (
        <div className="new-key" role="status">
          <p>{t('apiKeys.showOnce')}</p>
          <label htmlFor="api-key-secret">{t('apiKeys.secret')}</label>{' '}
          <input id="api-key-secret" readOnly value={shown} size={60} onFocus={(e) => e.target.select()} />{' '}
          <button type="button" onClick={() => setShown(null)}>{t('apiKeys.hide')}</button>
        </div>
      )}
      <FormError error={create.error ?? revoke.error} />
      <table className="grid">
        <caption>{t('apiKeys.caption')}</caption>
        <thead>
          <tr><th scope="col">{t('apiKeys.name')}</th><th scope="col">{t('apiKeys.prefix')}</th><th scope="col">{t('apiKeys.created')}</th><th scope="col">{t('apiKeys.lastUsed')}</th><th scope="col">{t('apiKeys.status')}</th><th scope="col"><span className="visually-hidden">{t('actions')}</span></th></tr>
        </thead>
        <tbody>
          {(keys.data ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td><code>tsk_{k.prefix}_…</code></td>
              <td>{when(k.createdAt)}</td>
              <td>{when(k.lastUsedAt)}</td>
              <td>{k.revokedAt ? t('apiKeys.revoked', { at: when(k.revokedAt) }) : t('apiKeys.active')}</td>
              <td>{!k.revokedAt && <button type="button" className="danger" onClick={() => revoke.mutate({ id: k.id })}>{t('apiKeys.revoke', { name: k.name || k.prefix })}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>{t('close')}</button>
    </section>
  );
}
