import { DeleteOutlined, EditOutlined } from '../ui/design/icons.tsx';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { type ObjectMeta } from '../api/metadata.ts';
import { useRecordObject, useRecordObjects } from '../api/record-objects.ts';
import { stageField } from './data/highlights.ts';
import { recordTitle } from './data/labels.ts';
import { recordsApi, type RecordData } from './data/records-api.ts';
import { RecordForm } from './form/RecordForm.tsx';
import { FindDuplicates } from './duplicates/FindDuplicates.tsx';
import { PageState } from './PageState.tsx';
import { CustomActions } from './record/CustomActions.tsx';
import { ChangeOwner } from './owner/ChangeOwner.tsx';
import { Highlights } from './record/Highlights.tsx';
import { HistorySection } from './history/HistorySection.tsx';
import { RecordDetails } from './record/RecordDetails.tsx';
import { RelatedLists } from './record/RelatedLists.tsx';
import { StagePath } from './record/StagePath.tsx';
import { RecordApprovals } from '../approvals/RecordApprovals.tsx';
import { ConvertButton } from '../crm/ConvertButton.tsx';
import { TimelineSection } from '../crm/TimelineSection.tsx';
import { usePoolsInstalled } from '../pools/api.ts';
import { useLiveRecords } from '../api/live.ts';
import './records.css';

const PoolHistory = lazy(() => import('../pools/PoolHistory.tsx'));

/** `/o/:object/:id`: key fields, stage path, the record's fields, Edit and Delete, custom actions, related lists and history. */
export function RecordPage() {
  const params = useParams();
  const { object, isLoading, error } = useRecordObject(params.object);
  if (!object) return <PageState loading={isLoading} error={error} />;
  return <RecordView key={`${object.name}/${params.id}`} object={object} id={params.id!} />;
}

function RecordView({ object, id }: { object: ObjectMeta; id: string }) {
  const { t } = useTranslation('records');
  const poolsInstalled = usePoolsInstalled();
  const { modal } = App.useApp();
  const objects = useRecordObjects().data ?? [];
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const api = recordsApi(object, objects);
  const queryKey = ['records', object.name, 'one', id, api.selection];
  const record = useQuery({ queryKey, queryFn: () => api.get(id), enabled: objects.length > 0 });
  const refresh = () => client.invalidateQueries({ queryKey: ['records', object.name] });
  useLiveRecords(object.name, { id: { eq: id } });
  if (record.isLoading || objects.length === 0) return <PageState loading error={undefined} />;
  if (record.error) return <PageState loading={false} error={record.error} />;
  if (!record.data) return <p role="alert">{t('record.notFound')}</p>;
  const title = recordTitle(object, record.data);
  const stage = stageField(object);
  // A move along the path (or a new owner) is an ordinary update: the page shows what the server saved, then everything refetches.
  const saveUpdate = async (data: Record<string, unknown>) => {
    const saved = await api.update(id, data);
    client.setQueryData(queryKey, (old: RecordData | null | undefined) => (old ? { ...old, ...saved } : saved));
    await refresh();
  };
  const confirmDelete = () => modal.confirm({
    title: t('record.confirmDelete', { name: title }),
    okText: t('record.delete'),
    okButtonProps: { danger: true },
    cancelText: t('form.cancel'),
    onOk: async () => {
      try {
        await api.remove(id);
        await refresh();
        navigate(`/o/${object.name}`);
      } catch (e) {
        setDeleteError(e instanceof Error ? e.message : String(e));
      }
    },
  });

  return (
    <article className="record-page">
      <div className="list-header">
        <Typography.Title level={1}><Typography.Text type="secondary" className="record-kind">{object.label} · </Typography.Text>{title}</Typography.Title>
        {!editing && (
          <Space wrap>
            <ConvertButton object={object} id={id} name={title} objects={objects} />
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} aria-label={t('record.editNamed', { name: title })}>{t('record.edit')}</Button>
            <Button danger icon={<DeleteOutlined />} aria-label={t('record.deleteNamed', { name: title })} onClick={confirmDelete}>{t('record.delete')}</Button>
          </Space>
        )}
      </div>
      <ChangeOwner name={title} owner={record.data.owner as { id: string; name: string | null } | null} canChange={object.access.update}
        save={async (owner) => { await saveUpdate({ owner }); }} />
      {!editing && <FindDuplicates object={object} record={record.data} />}
      {deleteError && <Alert type="error" showIcon role="alert" title={deleteError} />}
      <Highlights object={object} record={record.data} />
      {stage && <StagePath field={stage} record={record.data} canMove={object.access.update} save={saveUpdate} />}
      {editing
        ? <RecordForm object={object} record={record.data} onCancel={() => setEditing(false)} onSaved={async () => { setEditing(false); await refresh(); }} />
        : <RecordDetails object={object} record={record.data} />}
      <CustomActions object={object} id={id} onDone={refresh} />
      <RecordApprovals object={object} id={id} name={title} />
      <RelatedLists object={object} objects={objects} id={id} />
      <TimelineSection object={object} id={id} objects={objects} />
      <HistorySection object={object} objects={objects} id={id} />
      {poolsInstalled && <Suspense fallback={null}><PoolHistory object={object.name} id={id} /></Suspense>}
    </article>
  );
}
