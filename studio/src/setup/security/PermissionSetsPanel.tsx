import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { PlusOutlined } from '../../ui/design/icons.tsx';
import { Select } from '../../ui/design/Select.tsx';
import { useConfirm } from '../../ui/design/useConfirm.ts';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/metadata.ts';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { grantInput, securityKeys, usePermissionSets, useSecurityMutation, useUsers, type Grants, type PermissionSetRow } from './api.ts';
import { Capabilities } from './Capabilities.tsx';
import { FieldPermissions } from './FieldPermissions.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { OBJECT_RIGHTS } from './permissions.ts';

const CREATE = 'mutation($input: PermissionSetInput!) { createPermissionSet(input: $input) { id name } }';
const ASSIGN = 'mutation($user: ID!, $set: String!) { assignPermissionSet(user: $user, permissionSet: $set) { id name } }';
const UNASSIGN = 'mutation($user: ID!, $set: String!) { unassignPermissionSet(user: $user, permissionSet: $set) { id name } }';
const UPDATE = 'mutation($name: String!, $input: PermissionSetUpdateInput!) { updatePermissionSet(name: $name, input: $input) { id name } }';
const DELETE = 'mutation($name: String!) { deletePermissionSet(name: $name) }';

/** Creates a permission set, or edits `set` when given. */
function PermissionSetEditor({ set, onDone }: { set?: PermissionSetRow; onDone(): void }) {
  const { t } = useTranslation('security');
  const objects = useObjects().data ?? [];
  const [name, setName] = useState(set?.name ?? '');
  const [grants, setGrants] = useState<Grants>({ objectPermissions: set?.objectPermissions ?? [], fieldPermissions: set?.fieldPermissions ?? [], capabilities: set?.capabilities ?? [] });
  const createSet = useSecurityMutation<{ input: Record<string, unknown> }>(CREATE, [securityKeys.permissionSets]);
  const updateSet = useSecurityMutation<{ name: string; input: Record<string, unknown> }>(UPDATE, [securityKeys.permissionSets]);
  const create = set ? updateSet : createSet;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (set) updateSet.mutate({ name: set.name, input: { name, ...grantInput(grants) } }, { onSuccess: onDone });
    else createSet.mutate({ input: { name, ...grantInput(grants) } }, { onSuccess: onDone });
  };
  return (
    <Card size="small" title={<h2 id="ps-new-title" className="card-heading">{set ? t('permissionSets.editTitle', { name: set.name }) : t('permissionSets.newTitle')}</h2>}>
    <form aria-labelledby="ps-new-title" onSubmit={submit}>
      <div className="form-row narrow">
        <label htmlFor="ps-name">{t('permissionSets.name')}</label>
        <Input id="ps-name" value={name} required onChange={(e) => setName(e.target.value)} {...invalidProps(create.error, 'name', 'ps-name-error')} />
        <FieldError error={create.error} field="name" id="ps-name-error" />
      </div>
      <PermissionMatrix objects={objects} value={grants.objectPermissions} onChange={(objectPermissions) => setGrants({ ...grants, objectPermissions })} />
      <FieldPermissions objects={objects} value={grants.fieldPermissions} idPrefix="ps" onChange={(fieldPermissions) => setGrants({ ...grants, fieldPermissions })} />
      <Capabilities value={grants.capabilities} onChange={(capabilities) => setGrants({ ...grants, capabilities })} />
      <FormError error={create.error} />
      <div className="toolbar">
        <Button type="primary" htmlType="submit" loading={create.isPending}>{set ? t('permissionSets.save') : t('permissionSets.create')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </div>
    </form>
    </Card>
  );
}

function AssignForm() {
  const { t } = useTranslation('security');
  const sets = usePermissionSets().data ?? [];
  const users = useUsers().data ?? [];
  const [set, setSet] = useState('');
  const [user, setUser] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const assignSet = useSecurityMutation<{ user: string; set: string }>(ASSIGN, [securityKeys.permissionSets]);
  const unassignSet = useSecurityMutation<{ user: string; set: string }>(UNASSIGN, [securityKeys.permissionSets]);
  const [last, setLast] = useState<'assign' | 'unassign'>('assign');
  const assign = last === 'assign' ? assignSet : unassignSet;
  const userName = () => users.find((u) => u.id === user)?.name ?? user;
  return (
    <Card size="small" title={<h2 id="ps-assign-title" className="card-heading">{t('permissionSets.assignTitle')}</h2>}>
    <form aria-labelledby="ps-assign-title"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        const unassign = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'unassign';
        setLast(unassign ? 'unassign' : 'assign');
        (unassign ? unassignSet : assignSet).mutate({ user, set }, { onSuccess: () => setDone(t(unassign ? 'permissionSets.unassigned' : 'permissionSets.assigned', { set, user: userName() })) });
      }}>
      <div className="toolbar">
        <label htmlFor="ps-assign-set">{t('permissionSets.set')}</label>
        <Select id="ps-assign-set" value={set} onChange={setSet} className="assign-select" aria-required
          options={[{ value: '', label: '' }, ...sets.map((s) => ({ value: s.name, label: s.name }))]} />
        <label htmlFor="ps-assign-user">{t('permissionSets.user')}</label>
        <Select id="ps-assign-user" value={user} onChange={setUser} className="assign-select" aria-required
          options={[{ value: '', label: '' }, ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))]} />
        {/* Both choices are needed: a native select's `required` is not there to stop the submit. */}
        <Button htmlType="submit" value="assign" disabled={assign.isPending || !set || !user}>{t('permissionSets.assign')}</Button>
        <Button htmlType="submit" value="unassign" disabled={assign.isPending || !set || !user}>{t('permissionSets.unassign')}</Button>
      </div>
      {done && <Typography.Text role="status" type="success">{done}</Typography.Text>}
      <FormError error={assign.error} />
    </form>
    </Card>
  );
}

/** Permission sets: extra rights given to some users on top of their role. */
export function PermissionSetsPanel() {
  const { t } = useTranslation('security');
  const sets = usePermissionSets();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PermissionSetRow | null>(null);
  const confirm = useConfirm();
  const remove = useSecurityMutation<{ name: string }>(DELETE, [securityKeys.permissionSets]);
  return (
    <div className="stack">
      <Table<PermissionSetRow> size="middle" rowKey="id" pagination={false} dataSource={sets.data ?? []} aria-label={t('permissionSets.caption')} scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('permissionSets.name'), render: (_, s) => s.name },
          { key: 'objects', title: t('permissionSets.objects'), render: (_, s) => s.objectPermissions.map((p) => `${p.object}: ${OBJECT_RIGHTS.filter((r) => p[r]).map((r) => t(`permissions.rights.${r}`)).join(', ')}`).join('; ') },
          { key: 'capabilities', title: t('permissions.capabilities'), render: (_, s) => s.capabilities.map((c) => t(`permissions.capability.${c}`)).join(', ') },
          {
            key: 'actions', title: t('permissionSets.actions'), render: (_, s) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(s)}>{t('permissionSets.edit', { name: s.name })}</Button>
                <Button size="small" danger disabled={remove.isPending}
                  onClick={() => confirm({ title: t('permissionSets.confirmDelete', { name: s.name }), okText: t('permissionSets.delete', { name: s.name }), onOk: () => remove.mutate({ name: s.name }) })}>{t('permissionSets.delete', { name: s.name })}</Button>
              </Space>
            ),
          },
        ]} />
      <FormError error={remove.error} />
      {editing ? <PermissionSetEditor key={editing.id} set={editing} onDone={() => setEditing(null)} />
        : creating ? <PermissionSetEditor onDone={() => setCreating(false)} />
        : <div><Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('permissionSets.new')}</Button></div>}
      <AssignForm />
    </div>
  );
}
