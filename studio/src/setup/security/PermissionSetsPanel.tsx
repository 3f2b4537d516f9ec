import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/metadata.ts';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { grantInput, securityKeys, usePermissionSets, useSecurityMutation, useUsers, type Grants } from './api.ts';
import { Capabilities } from './Capabilities.tsx';
import { FieldPermissions } from './FieldPermissions.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { OBJECT_RIGHTS } from './permissions.ts';

const CREATE = 'mutation($input: PermissionSetInput!) { createPermissionSet(input: $input) { id name } }';
const ASSIGN = 'mutation($user: ID!, $set: String!) { assignPermissionSet(user: $user, permissionSet: $set) { id name } }';

function NewPermissionSet({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('security');
  const objects = useObjects().data ?? [];
  const [name, setName] = useState('');
  const [grants, setGrants] = useState<Grants>({ objectPermissions: [], fieldPermissions: [], capabilities: [] });
  const create = useSecurityMutation<{ input: Record<string, unknown> }>(CREATE, [securityKeys.permissionSets]);
  return (
    <form className="panel" aria-labelledby="ps-new-title" onSubmit={(e) => { e.preventDefault(); create.mutate({ input: { name, ...grantInput(grants) } }, { onSuccess: onDone }); }}>
      <h2 id="ps-new-title">{t('permissionSets.newTitle')}</h2>
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
        <button type="submit" className="primary" disabled={create.isPending}>{t('permissionSets.create')}</button>
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
  const assign = useSecurityMutation<{ user: string; set: string }>(ASSIGN, [securityKeys.permissionSets]);
  return (
    <form className="panel" aria-labelledby="ps-assign-title"
      onSubmit={(e) => { e.preventDefault(); setDone(null); assign.mutate({ user, set }, { onSuccess: () => setDone(t('permissionSets.assigned', { set, user: users.find((u) => u.id === user)?.name ?? user })) }); }}>
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
        <button type="submit" disabled={assign.isPending}>{t('permissionSets.assign')}</button>
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
  return (
    <div>
      <table className="grid">
        <caption>{t('permissionSets.caption')}</caption>
        <thead><tr><th scope="col">{t('permissionSets.name')}</th><th scope="col">{t('permissionSets.objects')}</th><th scope="col">{t('permissions.capabilities')}</th></tr></thead>
        <tbody>
          {(sets.data ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.objectPermissions.map((p) => `${p.object}: ${OBJECT_RIGHTS.filter((r) => p[r]).map((r) => t(`permissions.rights.${r}`)).join(', ')}`).join('; ')}</td>
              <td>{s.capabilities.map((c) => t(`permissions.capability.${c}`)).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating ? <NewPermissionSet onDone={() => setCreating(false)} /> : <button type="button" onClick={() => setCreating(true)}>{t('permissionSets.new')}</button>}
      <AssignForm />
    </div>
  );
}
