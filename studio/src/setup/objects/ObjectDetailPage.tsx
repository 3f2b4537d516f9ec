import { DeleteOutlined, EditOutlined } from '../../ui/design/icons.tsx';
import { Alert, App, Button, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { metadataApi } from '../../api/graphql.ts';
import { useInvalidateMetadata, useObject } from '../../api/metadata.ts';
import { FieldsTab } from './fields/FieldsTab.tsx';
import { LayoutTab } from './layout/LayoutTab.tsx';
import { ObjectForm } from './ObjectForm.tsx';
import { ValidationRulesTab } from './rules/ValidationRulesTab.tsx';
import './objects.css';

type Tab = 'fields' | 'layout' | 'rules';

/** `/setup/objects/<name>`: the object's properties, its fields (tab "Fields"), its form layout and list columns (tab "Layout") and its validation rules (tab "Validation rules"). */
export function ObjectDetailPage() {
  const { t } = useTranslation('setup');
  const { modal } = App.useApp();
  const { object: name } = useParams();
  const { object, isLoading, error } = useObject(name);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const invalidate = useInvalidateMetadata();
  const asked = params.get('tab');
  const tab: Tab = asked === 'layout' || asked === 'rules' ? asked : 'fields';
  // The tab is in the address (`?tab=layout`), so a reload or a shared link opens it.
  const select = (next: string) => setParams(next === 'fields' ? {} : { tab: next }, { replace: true });
  if (isLoading) return <p role="status">{t('common:loading')}</p>;
  if (error) return <Alert type="error" showIcon role="alert" title={t('common:error', { message: (error as Error).message })} />;
  if (!object) return <p role="alert">{t('objects.notFound', { name })} <Link to="/setup/objects">{t('objects.back')}</Link></p>;
  const confirmDelete = () => modal.confirm({
    title: t('objects.confirmDelete', { label: object.label }),
    okText: t('objects.deleteObject', { label: object.label }),
    okButtonProps: { danger: true },
    cancelText: t('common:actions.cancel'),
    onOk: async () => {
      setDeleteError(null);
      try {
        await metadataApi('mutation($name: String!) { deleteObject(name: $name) { name } }', { name: object.name });
        await invalidate();
        navigate('/setup/objects');
      } catch (e) {
        setDeleteError(e instanceof Error ? e.message : String(e));
      }
    },
  });
  return (
    <div className="object-detail">
      <p><Link to="/setup/objects">{t('objects.back')}</Link></p>
      <Typography.Title level={1}>{object.label} <Typography.Text code>{object.name}</Typography.Text></Typography.Title>
      <Typography.Paragraph type="secondary">{t(`objects.sharing.${object.sharing}`, { defaultValue: object.sharing })}{object.description ? ` · ${object.description}` : ''}</Typography.Paragraph>
      <Space wrap className="toolbar">
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={editing}>{t('objects.editObject')}</Button>
        <Button danger icon={<DeleteOutlined />} onClick={confirmDelete}>{t('objects.deleteObject', { label: object.label })}</Button>
      </Space>
      {deleteError && <Alert type="error" showIcon role="alert" title={deleteError} />}
      {editing && (
        <ObjectForm object={object} onCancel={() => setEditing(false)} onDone={(next) => { setEditing(false); if (next !== object.name) navigate(`/setup/objects/${next}`); }} />
      )}
      <Tabs activeKey={tab} onChange={select} aria-label={t('objects.tabs.label')} destroyOnHidden
        items={[
          { key: 'fields', label: t('objects.tabs.fields'), children: <FieldsTab object={object} /> },
          { key: 'layout', label: t('objects.tabs.layout'), children: <LayoutTab key={object.name} object={object} /> },
          { key: 'rules', label: t('objects.tabs.rules'), children: <ValidationRulesTab key={object.name} object={object} /> },
        ]} />
    </div>
  );
}
