import '../../ui/admin.css';
import { Button, Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusOutlined } from '../../ui/design/icons.tsx';
import { useRoles } from './api.ts';
import { GroupsPanel } from './GroupsPanel.tsx';
import { PermissionSetsPanel } from './PermissionSetsPanel.tsx';
import { RoleEditor } from './RoleEditor.tsx';
import { RoleTree } from './RoleTree.tsx';
import { SharingPanel } from './SharingPanel.tsx';

function RolesTab() {
  const { t } = useTranslation('security');
  const roles = useRoles();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = roles.data ?? [];
  const role = list.find((r) => r.name === selected) ?? null;
  return (
    <div className="split">
      <section aria-labelledby="roles-hierarchy">
        <Card size="small" title={<h2 id="roles-hierarchy" className="card-heading">{t('roles.hierarchy')}</h2>}>
          {roles.isLoading ? <p role="status">{t('loading')}</p> : <RoleTree roles={list} selected={selected} onSelect={(n) => { setSelected(n); setCreating(false); }} />}
          <Button icon={<PlusOutlined />} onClick={() => { setCreating(true); setSelected(null); }}>{t('roles.new')}</Button>
        </Card>
      </section>
      {(creating || role) && (
        <RoleEditor key={role?.id ?? 'new'} role={creating ? null : role} roles={list}
          onSaved={(name) => { setCreating(false); setSelected(name); }} onCancel={() => { setCreating(false); setSelected(null); }} />
      )}
    </div>
  );
}

/** Roles (hierarchy, permissions), permission sets, groups and sharing (object defaults and rules). */
export function RolesPage() {
  const { t } = useTranslation('security');
  return (
    <div className="roles-page">
      <Typography.Title level={1}>{t('roles.title')}</Typography.Title>
      <Tabs aria-label={t('roles.sections')} destroyOnHidden
        items={[
          { key: 'roles', label: t('tabs.roles'), children: <RolesTab /> },
          { key: 'permissionSets', label: t('tabs.permissionSets'), children: <PermissionSetsPanel /> },
          { key: 'groups', label: t('tabs.groups'), children: <GroupsPanel /> },
          { key: 'sharing', label: t('tabs.sharing'), children: <SharingPanel /> },
        ]} />
    </div>
  );
}
