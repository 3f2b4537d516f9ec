import { Button, Card, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { CloseOutlined, PlusOutlined } from '../../ui/design/icons.tsx';
import { useConfirm } from '../../ui/design/useConfirm.ts';
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
      <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>{t('groups.addMember')}</Button>
      <FormError error={add.error} />
    </form>
  );
}

/** Public groups: users, roles and other groups to share records with together. */
export function GroupsPanel() {
  const { t } = useTranslation('security');
  const groups = useGroups();
  const confirm = useConfirm();
  const nameOf = useTargetName();
  const [name, setName] = useState('');
  const create = useSecurityMutation<{ input: { name: string } }>(CREATE, [securityKeys.groups]);
  const remove = useSecurityMutation<{ group: string; member: Record<string, string> }>(REMOVE, [securityKeys.groups]);
  const drop = useSecurityMutation<{ name: string }>(DELETE, [securityKeys.groups]);
  // Members are stored by id; the mutation names roles and groups by name, users by id.
  const memberInput = (m: { type: string; id: string }) => ({ [m.type]: m.type === 'user' ? m.id : nameOf(m.type, m.id) });
  return (
    <div className="stack">
      {(groups.data ?? []).map((g) => (
        <section key={g.id} aria-labelledby={`group-${g.id}`} className="group-card">
          <Card size="small" title={<h2 id={`group-${g.id}`} className="card-heading">{g.name}</h2>}
            extra={<Button size="small" danger disabled={drop.isPending}
              onClick={() => confirm({ title: t('groups.confirmDelete', { group: g.name }), okText: t('groups.delete', { group: g.name }), onOk: () => drop.mutate({ name: g.name }) })}>{t('groups.delete', { group: g.name })}</Button>}>
            {g.members.length === 0 ? <p className="hint">{t('groups.noMembers')}</p> : (
              <Space wrap className="members">{g.members.map((m) => (
                <Tag key={`${m.type}:${m.id}`}>
                  {t(`target.types.${m.type}`)}: {nameOf(m.type, m.id)}
                  <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('groups.removeMember', { member: nameOf(m.type, m.id), group: g.name })}
                    disabled={remove.isPending} onClick={() => remove.mutate({ group: g.name, member: memberInput(m) })} />
                </Tag>
              ))}</Space>
            )}
            <AddMember group={g.name} />
          </Card>
        </section>
      ))}
      <FormError error={remove.error ?? drop.error} />
      <Card size="small" title={<h2 id="group-new-title" className="card-heading">{t('groups.newTitle')}</h2>}>
        <form className="toolbar" aria-labelledby="group-new-title" onSubmit={(e) => { e.preventDefault(); create.mutate({ input: { name } }, { onSuccess: () => setName('') }); }}>
          <label htmlFor="group-name">{t('groups.name')}</label>
          <Input id="group-name" className="group-name" value={name} required onChange={(e) => setName(e.target.value)} {...invalidProps(create.error, 'name', 'group-name-error')} />
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('groups.create')}</Button>
        </form>
        <FieldError error={create.error} field="name" id="group-name-error" />
        <FormError error={create.error} />
      </Card>
    </div>
  );
}
