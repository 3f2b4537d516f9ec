import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n/index.ts';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { securityKeys, useRoles, useSecurityMutation, useUsers, type UserRow } from './api.ts';

interface Values { email: string; name: string; password: string; locale: string; role: string; manager: string; isAdmin: boolean }

const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }';

/** Creates a user (email, name, password, language, role, manager) or edits one. */
export function UserForm({ user, onDone }: { user: UserRow | null; onDone(): void }) {
  const { t } = useTranslation('security');
  const roles = useRoles().data ?? [];
  const users = (useUsers().data ?? []).filter((u) => u.id !== user?.id);
  const create = useSecurityMutation<{ input: Record<string, unknown> }>(CREATE, [securityKeys.users]);
  const update = useSecurityMutation<{ id: string; input: Record<string, unknown> }>(UPDATE, [securityKeys.users]);
  const mutation = user ? update : create;
  const { register, handleSubmit } = useForm<Values>({
    defaultValues: { email: user?.email ?? '', name: user?.name ?? '', password: '', locale: user?.locale ?? 'en', role: user?.role ?? '', manager: user?.manager?.id ?? '', isAdmin: user?.isAdmin ?? false },
  });
  const id = user ? `user-${user.id}` : 'user-new';
  const err = mutation.error;
  const onSubmit = (v: Values) => {
    if (user) {
      const input: Record<string, unknown> = { name: v.name, locale: v.locale, role: v.role || null, manager: v.manager || null, isAdmin: v.isAdmin };
      if (v.password) input.password = v.password;
      update.mutate({ id: user.id, input }, { onSuccess: onDone });
    } else {
      create.mutate({ input: { email: v.email, name: v.name, password: v.password || undefined, locale: v.locale, role: v.role || undefined, manager: v.manager || undefined, isAdmin: v.isAdmin } }, { onSuccess: onDone });
    }
  };
  const row = (field: keyof Values, input: React.ReactNode) => (
    <div className="form-row" key={field}>
      <label htmlFor={`${id}-${field}`}>{t(`users.fields.${field}`)}</label>
      {input}
      <FieldError error={err} field={field} id={`${id}-${field}-error`} />
    </div>
  );
  const inv = (field: string) => invalidProps(err, field, `${id}-${field}-error`);
  return (
    <form className="panel user-form" onSubmit={handleSubmit(onSubmit)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{user ? t('users.editTitle', { name: user.name }) : t('users.newTitle')}</h2>
      {!user && row('email', <input id={`${id}-email`} type="email" required {...register('email')} {...inv('email')} />)}
      {row('name', <input id={`${id}-name`} required {...register('name')} {...inv('name')} />)}
      {row('password', <input id={`${id}-password`} type="password" autoComplete="new-password" {...register('password')} {...inv('password')} />)}
      <p className="hint">{user ? t('users.passwordKeep') : t('users.passwordHint')}</p>
      {row('locale', (
        <select id={`${id}-locale`} {...register('locale')} {...inv('locale')}>
          {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
        </select>
      ))}
      {row('role', (
        <select id={`${id}-role`} {...register('role')} {...inv('role')}>
          <option value="">{t('users.noRole')}</option>
          {roles.map((r) => <option key={r.id} value={r.name}>{r.name}</option>)}
        </select>
      ))}
      {row('manager', (
        <select id={`${id}-manager`} {...register('manager')} {...inv('manager')}>
          <option value="">{t('users.noManager')}</option>
          {users.map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
        </select>
      ))}
      <label className="checkbox"><input type="checkbox" {...register('isAdmin')} {...inv('isAdmin')} /> {t('users.fields.isAdmin')}</label>
      <FieldError error={err} field="isAdmin" id={`${id}-isAdmin-error`} />
      <FormError error={err} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={mutation.isPending}>{user ? t('users.save') : t('users.create')}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
