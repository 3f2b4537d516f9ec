import { useTranslation } from 'react-i18next';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { Select, type Choice } from '../../ui/design/Select.tsx';
import { useGroups, useRoles, useUsers } from './api.ts';

/**
 * One multi-select of people by users, roles and groups (grouped options), bound to a react-hook-form
 * field holding picks (`user:<id>`, `role:<name>`, `group:<name>`; see members.ts). Inactive users are
 * offered only when already picked; a pick naming someone no longer listed stays, shown by its value,
 * so a form saved unchanged keeps it.
 */
export function FormMembersSelect<T extends FieldValues>({ control, name, id, ...aria }: { control: Control<T>; name: FieldPath<T>; id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const { t } = useTranslation('security');
  const { field } = useController({ control, name });
  const users = useUsers().data ?? [];
  const roles = useRoles().data ?? [];
  const groups = useGroups().data ?? [];
  const picks = (field.value as string[] | undefined) ?? [];
  const options = [
    { label: t('members.users'), title: t('members.users'), options: users.filter((u) => u.isActive || picks.includes(`user:${u.id}`)).map((u): Choice => ({ value: `user:${u.id}`, label: u.name, title: `${u.name} (${u.email})` })) },
    { label: t('members.roles'), title: t('members.roles'), options: roles.map((r): Choice => ({ value: `role:${r.name}`, label: t('members.role', { name: r.name }) })) },
    { label: t('members.groups'), title: t('members.groups'), options: groups.map((g): Choice => ({ value: `group:${g.name}`, label: t('members.group', { name: g.name }) })) },
  ];
  const listed = new Set(options.flatMap((g) => g.options.map((o) => o.value)));
  const missing = picks.filter((p) => !listed.has(p));
  if (missing.length) options.push({ label: t('members.unknown'), title: t('members.unknown'), options: missing.map((p) => ({ value: p, label: p })) });
  return (
    <Select id={id} {...aria} mode="multiple" ref={field.ref} value={picks as unknown as string} onChange={(v: unknown) => field.onChange(v)} onBlur={field.onBlur}
      options={options.filter((g) => g.options.length > 0)} optionFilterProp="label" style={{ minWidth: 320 }} />
  );
}
