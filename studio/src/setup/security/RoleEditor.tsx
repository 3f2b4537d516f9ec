import { Button, Card, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/metadata.ts';
import { Select } from '../../ui/design/Select.tsx';
import { useConfirm } from '../../ui/design/useConfirm.ts';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { grantInput, securityKeys, useSecurityMutation, type Grants, type RoleRow } from './api.ts';
import { Capabilities } from './Capabilities.tsx';
import { FieldPermissions } from './FieldPermissions.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { subtreeNames } from './role-tree.ts';

interface Props { role: RoleRow | null; roles: RoleRow[]; onSaved(name: string): void; onCancel(): void }

const CREATE = 'mutation($input: RoleInput!) { createRole(input: $input) { id name } }';
const UPDATE = 'mutation($name: String!, $input: RoleUpdateInput!) { updateRole(name: $name, input: $input) { id name } }';

/** Creates or edits a role: name, parent, object and field permissions, capabilities. */
export function RoleEditor({ role, roles, onSaved, onCancel }: Props) {
  const { t } = useTranslation('security');
  const confirm = useConfirm();
  const objects = useObjects().data ?? [];
  const [name, setName] = useState(role?.name ?? '');
  const [parent, setParent] = useState(role?.parent?.name ?? '');
  const [grants, setGrants] = useState<Grants>({
    objectPermissions: role?.objectPermissions ?? [], fieldPermissions: role?.fieldPermissions ?? [], capabilities: role?.capabilities ?? [],
  });
  const create = useSecurityMutation<{ input: Record<string, unknown> }>(CREATE, [securityKeys.roles]);
  const update = useSecurityMutation<{ name: string; input: Record<string, unknown> }>(UPDATE, [securityKeys.roles, securityKeys.users]);
  const remove = useSecurityMutation<{ name: string }>('mutation($name: String!) { deleteRole(name: $name) }', [securityKeys.roles]);
  const mutation = role ? update : create;
  const excluded = role ? subtreeNames(roles, role.name) : new Set<string>();
  const id = role ? `role-${role.id}` : 'role-new';

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    const input = { name, parent: parent || null, ...grantInput(grants) };
    if (role) update.mutate({ name: role.name, input }, { onSuccess: () => onSaved(name) });
    else create.mutate({ input: { ...input, parent: parent || undefined } }, { onSuccess: () => onSaved(name) });
  };
  const title = role ? t('roles.editTitle', { name: role.name }) : t('roles.newTitle');

  return (
    <Card size="small" title={<h2 id={`${id}-title`} className="card-heading">{title}</h2>}>
      <form className="role-editor" onSubmit={save} aria-labelledby={`${id}-title`}>
        <div className="form-grid">
          <div className="form-row">
            <label htmlFor={`${id}-name`}>{t('roles.name')}</label>
            <Input id={`${id}-name`} value={name} required onChange={(e) => setName(e.target.value)} {...invalidProps(mutation.error, 'name', `${id}-name-error`)} />
            <FieldError error={mutation.error} field="name" id={`${id}-name-error`} />
          </div>
          <div className="form-row">
            <label htmlFor={`${id}-parent`}>{t('roles.parent')}</label>
            <Select id={`${id}-parent`} value={parent} onChange={setParent} {...invalidProps(mutation.error, 'parent', `${id}-parent-error`)}
              options={[{ value: '', label: t('roles.noParent') }, ...roles.filter((r) => !excluded.has(r.name)).map((r) => ({ value: r.name, label: r.name }))]} />
            <FieldError error={mutation.error} field="parent" id={`${id}-parent-error`} />
          </div>
        </div>
        <h3>{t('permissions.objectTitle')}</h3>
        <PermissionMatrix objects={objects} value={grants.objectPermissions} onChange={(objectPermissions) => setGrants({ ...grants, objectPermissions })} />
        <h3>{t('permissions.fieldTitle')}</h3>
        <FieldPermissions objects={objects} value={grants.fieldPermissions} idPrefix={id} onChange={(fieldPermissions) => setGrants({ ...grants, fieldPermissions })} />
        <Capabilities value={grants.capabilities} onChange={(capabilities) => setGrants({ ...grants, capabilities })} />
        <FormError error={mutation.error ?? remove.error} />
        <div className="toolbar">
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>{role ? t('roles.save') : t('roles.create')}</Button>
          <Button onClick={onCancel}>{t('cancel')}</Button>
          {role && (
            <Button danger disabled={remove.isPending}
              onClick={() => confirm({ title: t('roles.confirmDelete', { name: role.name }), okText: t('roles.delete', { name: role.name }), onOk: () => remove.mutate({ name: role.name }, { onSuccess: onCancel }) })}>
              {t('roles.delete', { name: role.name })}
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
