import '../../ui/admin.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoles } from './api.ts';
import { GroupsPanel } from './GroupsPanel.tsx';
import { PermissionSetsPanel } from './PermissionSetsPanel.tsx';
import { RoleEditor } from './RoleEditor.tsx';
import { RoleTree } from './RoleTree.tsx';
import { SharingPanel } from './SharingPanel.tsx';

const TABS = ['roles', 'permissionSets', 'groups', 'sharing'] as const;
type Tab = (typeof TABS)[number];

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
        <h2 id="roles-hierarchy">{t('roles.hierarchy')}</h2>
        {roles.isLoading ? <p role="status">{t('loading')}</p> : <RoleTree roles={list} selected={selected} onSelect={(n) => { setSelected(n); setCreating(false); }} />}
        <button type="button" onClick={() => { setCreating(true); setSelected(null); }}>{t('roles.new')}</button>
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
  const [tab, setTab] = useState<Tab>('roles');
  return (
    <div className="roles-page">
      <h1>{t('roles.title')}</h1>
      <div role="tablist" aria-label={t('roles.sections')} className="tabs">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" id={`tab-${k}`} aria-selected={tab === k} aria-controls={`panel-${k}`} onClick={() => setTab(k)}>{t(`tabs.${k}`)}</button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'roles' && <RolesTab />}
        {tab === 'permissionSets' && <PermissionSetsPanel />}
        {tab === 'groups' && <GroupsPanel />}
        {tab === 'sharing' && <SharingPanel />}
      </div>
    </div>
  );
}
