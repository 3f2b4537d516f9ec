import { useState } from 'react';
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
    <form className="panel" aria-labelledby="ps-new-title" onSubmit={submit}>
      <h2 id="ps-new-title">{set ? t('permissionSets.editTitle', { name: set.name }) : t('permissionSets.newTitle')}</h2>
      <div className="form-row">
        <label htmlFor="ps-name">{t('permissionSets.name')}</label>
        <input id="ps-name" value={name} required onChange={(e) => setName(e.target.value)} {...invalidProps(create.error, 'name', 'ps-name-error')} />
        <FieldError error={create.error} field="name" id="ps-name-error" />
      </div>
      <PermissionMatrix objects={objects} value={grants.objectPermissions} onChange={(objectPermissions) => setGrants({ ...grants, objectPermissions })} />
      <FieldPermissions objects={objects} value={grants.fieldPermissions} idPrefix="ps" onChange={(fieldPermissions) => setGrants({ ...grants, fieldPermissions })} />
      <Capabilities value={grants.capabilities} onChange={(capabilities) => setGrants({ ...grants, capabilities })} />
      <FormError error={create.error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={create.isPending}>{set ? t('permissionSets.save') : t('permissionSets.create')}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
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
    <form className="panel" aria-labelledby="ps-assign-title"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        const unassign = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'unassign';
        setLast(unassign ? 'unassign' : 'assign');
        (unassign ? unassignSet : assignSet).mutate({ user, set }, { onSuccess: () => setDone(t(unassign ? 'permissionSets.unassigned' : 'permissionSets.assigned', { set, user: userName() })) });
      }}>
      <h2 id="ps-assign-title">{t('permissionSets.assignTitle')}</h2>
      <div className="toolbar">
        <label htmlFor="ps-assign-set">{t('permissionSets.set')}</label>
        <select id="ps-assign-set" value={set} required onChange={(e) => setSet(e.target.value)}>
          <option value="" />
          {sets.map((s) => <option key={s.id} value={s.name}>{s.name}</option>)}
        </select>
        <label htmlFor="ps-assign-user">{t('permissionSets.user')}</label>
        <select id="ps-assign-user" value={user} required onChange={(e) => setUser(e.target.value)}>
          <option value="" />
          {users.map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
        </select>
        <button type="submit" value="assign" disabled={assign.isPending}>{t('permissionSets.assign')}</button>
        <button type="submit" value="unassign" disabled={assign.isPending}>{t('permissionSets.unassign')}</button>
      </div>
      {done && <p role="status">{done}</p>}
      <FormError error={assign.error} />
    </form>
  );
}

/** Permission sets: extra rights given to some users on top of their role. */
export function PermissionSetsPanel() {
  const { t } = useTranslation('security');
  const sets = usePermissionSets();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PermissionSetRow | null>(null);
  const remove = useSecurityMutation<{ name: string }>(DELETE, [securityKeys.permissionSets]);
  return (
    <div>
      <table className="grid">
        <caption>{t('permissionSets.caption')}</caption>
        <thead><tr><th scope="col">{t('permissionSets.name')}</th><th scope="col">{t('permissionSets.objects')}</th><th scope="col">{t('permissions.capabilities')}</th><th scope="col">{t('permissionSets.actions')}</th></tr></thead>
        <tbody>
          {(sets.data ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.objectPermissions.map((p) => `${p.object}: ${OBJECT_RIGHTS.filter((r) => p[r]).map((r) => t(`permissions.rights.${r}`)).join(', ')}`).join('; ')}</td>
              <td>{s.capabilities.map((c) => t(`permissions.capability.${c}`)).join(', ')}</td>
              <td>
                <button type="button" className="link" onClick={() => setEditing(s)}>{t('permissionSets.edit', { name: s.name })}</button>{' '}
                <button type="button" className="link danger" disabled={remove.isPending}
                  onClick={() => { if (window.confirm(t('permissionSets.confirmDelete', { name: s.name }))) remove.mutate({ name: s.name }); }}>{t('permissionSets.delete', { name: s.name })}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={remove.error} />
      {editing ? <PermissionSetEditor key={editing.id} set={editing} onDone={() => setEditing(null)} />
        : creating ? <PermissionSetEditor onDone={() => setCreating(false)} />
        : <button type="button" onClick={() => setCreating(true)}>{t('permissionSets.new')}</button>}
      <AssignForm />
    </div>
  );
}
