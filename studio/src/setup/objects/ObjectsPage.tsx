import { PlusOutlined } from '../../ui/design/icons.tsx';
import { Alert, Button, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useObjects, type ObjectMeta } from '../../api/metadata.ts';
import { ObjectForm } from './ObjectForm.tsx';
import './objects.css';

/** `/setup/objects`: every object (label, API name, field count, sharing) and the "New object" form. */
export function ObjectsPage() {
  const { t } = useTranslation('setup');
  const objects = useObjects();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  return (
    <div className="object-manager">
      <Typography.Title level={1}>{t('objects.title')}</Typography.Title>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={creating}>{t('objects.newObject')}</Button>
      </div>
      {creating && <ObjectForm onCancel={() => setCreating(false)} onDone={(name) => navigate(`/setup/objects/${name}`)} />}
      {objects.isLoading && <p role="status">{t('common:loading')}</p>}
      {objects.error ? <Alert type="error" showIcon role="alert" title={t('common:error', { message: (objects.error as Error).message })} /> : null}
      {objects.data && objects.data.length === 0 && <Empty description={t('objects.empty')} />}
      {objects.data && objects.data.length > 0 && (
        <Table<ObjectMeta> size="middle" rowKey="name" pagination={false} dataSource={objects.data} aria-label={t('objects.table')} scroll={{ x: 'max-content' }}
          columns={[
            { key: 'label', title: t('objects.columns.label'), render: (_, o) => <Link to={`/setup/objects/${o.name}`}>{o.label}</Link> },
            { key: 'name', title: t('objects.columns.name'), render: (_, o) => <Typography.Text code>{o.name}</Typography.Text> },
            { key: 'fields', title: t('objects.columns.fields'), render: (_, o) => o.fields.length },
            { key: 'sharing', title: t('objects.columns.sharing'), render: (_, o) => t(`objects.sharing.${o.sharing}`, { defaultValue: o.sharing }) },
          ]} />
      )}
    </div>
  );
}
