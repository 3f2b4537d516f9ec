import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { findUsers, usersByIds } from '../../api/users.ts';
import { Select, type Choice } from '../../ui/design/Select.tsx';
import { useGroups, useRoles } from './api.ts';

/**
 * One multi-select of people by users, roles and groups (grouped options), bound to a react-hook-form
 * field holding picks (`user:<id>`, `role:<name>`, `group:<name>`; see members.ts). Users come from the
 * directory (readable by whoever edits rules; `users` on /metadata needs manageUsers): active ones
 * matching what is typed, searched on the server (the directory answers at most 100), and the picked
 * ones by id, deactivated included. A pick naming no one found stays, shown by its value, so a form
 * saved unchanged keeps it.
 */
export function FormMembersSelect<T extends FieldValues>({ control, name, id, ...aria }: { control: Control<T>; name: FieldPath<T>; id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const { t } = useTranslation('security');
  const { field } = useController({ control, name });
  const [search, setSearch] = useState('');
  const found = useQuery({ queryKey: ['directory', 'members', search], queryFn: () => findUsers(search, 100), placeholderData: keepPreviousData }).data ?? [];
  const roles = useRoles().data ?? [];
  const groups = useGroups().data ?? [];
  const picks = (field.value as string[] | undefined) ?? [];
  const pickedUsers = picks.filter((p) => p.startsWith('user:')).map((p) => p.slice('user:'.length));
  const named = useQuery({ queryKey: ['directory', 'ids', pickedUsers], enabled: pickedUsers.length > 0, queryFn: () => usersByIds(pickedUsers), placeholderData: keepPreviousData }).data ?? [];
  const users = [...named, ...found.filter((u) => !named.some((n) => n.id === u.id))];
  const options = [
    { label: t('members.users'), title: t('members.users'), options: users.map((u): Choice => ({ value: `user:${u.id}`, label: u.name, title: `${u.name} (${u.email})` })) },
    { label: t('members.roles'), title: t('members.roles'), options: roles.map((r): Choice => ({ value: `role:${r.name}`, label: t('members.role', { name: r.name }), title: t('members.role', { name: r.name }) })) },
    { label: t('members.groups'), title: t('members.groups'), options: groups.map((g): Choice => ({ value: `group:${g.name}`, label: t('members.group', { name: g.name }), title: t('members.group', { name: g.name }) })) },
  ];
  const listed = new Set(options.flatMap((g) => g.options.map((o) => o.value)));
  const missing = picks.filter((p) => !listed.has(p));
  if (missing.length) options.push({ label: t('members.unknown'), title: t('members.unknown'), options: missing.map((p) => ({ value: p, label: p })) });
  return (
    <Select id={id} {...aria} mode="multiple" ref={field.ref} value={picks as unknown as string} style={{ minWidth: 320 }}
      onChange={(v: unknown) => { field.onChange(v); setSearch(''); }} onBlur={() => { field.onBlur(); setSearch(''); }}
      options={options.filter((g) => g.options.length > 0)}
      // A user's title holds the e-mail the server matched too.
      showSearch={{ onSearch: setSearch, filterOption: (input, o) => String(o?.title ?? o?.label ?? '').toLowerCase().includes(input.trim().toLowerCase()) }} />
  );
}
