import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { metadataApi } from '../../api/graphql.ts';
import { useInvalidateMetadata, useObject } from '../../api/metadata.ts';
import { FieldsTab } from './fields/FieldsTab.tsx';
import { LayoutTab } from './layout/LayoutTab.tsx';
import { ObjectForm } from './ObjectForm.tsx';
import './objects.css';

const TABS = ['fields', 'layout'] as const;
type Tab = (typeof TABS)[number];

/** `/setup/objects/<name>`: the object's properties, its fields (tab "Fields") and its form layout and list columns (tab "Layout"). */
export function ObjectDetailPage() {
  const { t } = useTranslation('setup');
  const { object: name } = useParams();
  const { object, isLoading, error } = useObject(name);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const invalidate = useInvalidateMetadata();
  const tab: Tab = params.get('tab') === 'layout' ? 'layout' : 'fields';
  const select = (next: Tab) => setParams(next === 'fields' ? {} : { tab: next }, { replace: true });
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    select(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  if (isLoading) return <p role="status">{t('common:loading')}</p>;
  if (error) return <p role="alert">{t('common:error', { message: (error as Error).message })}</p>;
  if (!object) return <p role="alert">{t('objects.notFound', { name })} <Link to="/setup/objects">{t('objects.back')}</Link></p>;

  return (
    <div className="object-detail">
      <p><Link to="/setup/objects">{t('objects.back')}</Link></p>
      <h1>{object.label} <code>{object.name}</code></h1>
      <p className="hint">{t(`objects.sharing.${object.sharing}`, { defaultValue: object.sharing })}{object.description ? ` · ${object.description}` : ''}</p>
      <div className="toolbar">
        <button type="button" onClick={() => setEditing(true)} disabled={editing}>{t('objects.editObject')}</button>
        <button type="button" className="danger" onClick={async () => {
          if (!window.confirm(t('objects.confirmDelete', { label: object.label }))) return;
          setDeleteError(null);
          try {
            await metadataApi('mutation($name: String!) { deleteObject(name: $name) { name } }', { name: object.name });
            await invalidate();
            navigate('/setup/objects');
          } catch (e) {
            setDeleteError(e instanceof Error ? e.message : String(e));
          }
        }}>{t('objects.deleteObject', { label: object.label })}</button>
        {deleteError && <p role="alert">{deleteError}</p>}
      </div>
      {editing && (
        <ObjectForm object={object} onCancel={() => setEditing(false)} onDone={(next) => { setEditing(false); if (next !== object.name) navigate(`/setup/objects/${next}`); }} />
      )}
      <div role="tablist" aria-label={t('objects.tabs.label')} className="tabs">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`} tabIndex={tab === name ? 0 : -1}
            onClick={() => select(name)} onKeyDown={onTabKey}>{t(`objects.tabs.${name}`)}</button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'fields' ? <FieldsTab object={object} /> : <LayoutTab key={object.name} object={object} />}
      </div>
    </div>
  );
}
