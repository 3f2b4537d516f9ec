import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { securityKeys, useGroups, useSecurityMutation } from './api.ts';
import { ShareTargetPicker, targetInput, useTargetName, type Target } from './ShareTarget.tsx';

const CREATE = 'mutation($input: GroupInput!) { createGroup(input: $input) { id name } }';
const ADD = 'mutation($group: String!, $member: ShareTargetInput!) { addGroupMember(group: $group, member: $member) { id name } }';
const REMOVE = 'mutation($group: String!, $member: ShareTargetInput!) { removeGroupMember(group: $group, member: $member) { id name } }';
const DELETE = 'mutation($name: String!) { deleteGroup(name: $name) }';

function AddMember({ group }: { group: string }) {
  const { t } = useTranslation('security');
  const [target, setTarget] = useState<Target>({ type: 'user', value: '' });
  const add = useSecurityMutation<{ group: string; member: Record<string, string> }>(ADD, [securityKeys.groups]);
  const prefix = `group-${group}-member`;
  return (
    <form className="toolbar" aria-label={t('groups.addTo', { group })}
      onSubmit={(e) => { e.preventDefault(); add.mutate({ group, member: targetInput(target) }, { onSuccess: () => setTarget({ ...target, value: '' }) }); }}>
      <ShareTargetPicker value={target} onChange={setTarget} idPrefix={prefix} />
      <button type="submit" disabled={add.isPending}>{t('groups.addMember')}</button>
      <FormError error={add.error} />
    </form>
  );
}

/** Public groups: users, roles and other groups to share records with together. */
export function GroupsPanel() {
  const { t } = useTranslation('security');
  const groups = useGroups();
  const nameOf = useTargetName();
  const [name, setName] = useState('');
  const create = useSecurityMutation<{ input: { name: string } }>(CREATE, [securityKeys.groups]);
  const remove = useSecurityMutation<{ group: string; member: Record<string, string> }>(REMOVE, [securityKeys.groups]);
  const drop = useSecurityMutation<{ name: string }>(DELETE, [securityKeys.groups]);
  // Members are stored by id; the mutation names roles and groups by name, users by id.
  const memberInput = (m: { type: string; id: string }) => ({ [m.type]: m.type === 'user' ? m.id : nameOf(m.type, m.id) });
  return (
    <div>
      {(groups.data ?? []).map((g) => (
        <section key={g.id} className="panel" aria-labelledby={`group-${g.id}`}>
          <h2 id={`group-${g.id}`}>{g.name}</h2>
          {g.members.length === 0 ? <p className="hint">{t('groups.noMembers')}</p> : (
            <ul>{g.members.map((m) => (
              <li key={`${m.type}:${m.id}`}>
                {t(`target.types.${m.type}`)}: {nameOf(m.type, m.id)}{' '}
                <button type="button" className="link" aria-label={t('groups.removeMember', { member: nameOf(m.type, m.id), group: g.name })}
                  disabled={remove.isPending} onClick={() => remove.mutate({ group: g.name, member: memberInput(m) })}>×</button>
              </li>
            ))}</ul>
          )}
          <AddMember group={g.name} />
          <button type="button" className="danger" disabled={drop.isPending}
            onClick={() => { if (window.confirm(t('groups.confirmDelete', { group: g.name }))) drop.mutate({ name: g.name }); }}>{t('groups.delete', { group: g.name })}</button>
        </section>
      ))}
      <FormError error={remove.error ?? drop.error} />
      <form className="panel" aria-labelledby="group-new-title" onSubmit={(e) => { e.preventDefault(); create.mutate({ input: { name } }, { onSuccess: () => setName('') }); }}>
        <h2 id="group-new-title">{t('groups.newTitle')}</h2>
        <label htmlFor="group-name">{t('groups.name')}</label>{' '}
        <input id="group-name" value={name} required onChange={(e) => setName(e.target.value)} {...invalidProps(create.error, 'name', 'group-name-error')} />{' '}
        <button type="submit" className="primary" disabled={create.isPending}>{t('groups.create')}</button>
        <FieldError error={create.error} field="name" id="group-name-error" />
        <FormError error={create.error} />
      </form>
    </div>
  );
}
