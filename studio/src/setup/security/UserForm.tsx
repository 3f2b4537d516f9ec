import { Button, Card } from 'antd';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n/index.ts';
import { FormCheckbox, FormInput, FormSelect } from '../../ui/design/form-controls.tsx';
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
  const { control, handleSubmit } = useForm<Values>({
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
  const inv = (field: string) => {
    const props = invalidProps(err, field, `${id}-${field}-error`);
    return { ...props, status: props['aria-invalid'] ? ('error' as const) : undefined };
  };
  const title = user ? t('users.editTitle', { name: user.name }) : t('users.newTitle');
  return (
    <Card size="small" className="editor-card" title={<h2 id={`${id}-title`} className="card-heading">{title}</h2>}>
      <form className="user-form" onSubmit={handleSubmit(onSubmit)} aria-labelledby={`${id}-title`}>
        <div className="form-grid">
          {!user && row('email', <FormInput control={control} name="email" id={`${id}-email`} type="email" required {...inv('email')} />)}
          {row('name', <FormInput control={control} name="name" id={`${id}-name`} required {...inv('name')} />)}
          {row('password', <FormInput control={control} name="password" id={`${id}-password`} type="password" autoComplete="new-password" {...inv('password')} />)}
          {row('locale', <FormSelect control={control} name="locale" id={`${id}-locale`} {...inv('locale')} options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))} />)}
          {row('role', <FormSelect control={control} name="role" id={`${id}-role`} {...inv('role')} options={[{ value: '', label: t('users.noRole') }, ...roles.map((r) => ({ value: r.name, label: r.name }))]} />)}
          {row('manager', <FormSelect control={control} name="manager" id={`${id}-manager`} {...inv('manager')}
            options={[{ value: '', label: t('users.noManager') }, ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))]} />)}
        </div>
        <p className="hint">{user ? t('users.passwordKeep') : t('users.passwordHint')}</p>
        <FormCheckbox control={control} name="isAdmin" {...invalidProps(err, 'isAdmin', `${id}-isAdmin-error`)}>{t('users.fields.isAdmin')}</FormCheckbox>
        <FieldError error={err} field="isAdmin" id={`${id}-isAdmin-error`} />
        <FormError error={err} />
        <div className="toolbar">
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>{user ? t('users.save') : t('users.create')}</Button>
          <Button onClick={onDone}>{t('cancel')}</Button>
        </div>
      </form>
    </Card>
  );
}
