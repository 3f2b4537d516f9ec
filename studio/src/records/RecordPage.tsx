import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { type ObjectMeta } from '../api/metadata.ts';
import { useRecordObject, useRecordObjects } from '../api/record-objects.ts';
import { recordTitle } from './data/labels.ts';
import { recordsApi } from './data/records-api.ts';
import { RecordForm } from './form/RecordForm.tsx';
import { PageState } from './PageState.tsx';
import { CustomActions } from './record/CustomActions.tsx';
import { HistorySection } from './record/HistorySection.tsx';
import { RecordDetails } from './record/RecordDetails.tsx';
import { RelatedLists } from './record/RelatedLists.tsx';
import './records.css';

/** `/o/:object/:id`: the record's fields, Edit and Delete, custom actions, related lists and history. */
export function RecordPage() {
  const params = useParams();
  const { object, isLoading, error } = useRecordObject(params.object);
  if (!object) return <PageState loading={isLoading} error={error} />;
  return <RecordView key={`${object.name}/${params.id}`} object={object} id={params.id!} />;
}

function RecordView({ object, id }: { object: ObjectMeta; id: string }) {
  const { t } = useTranslation('records');
  const objects = useRecordObjects().data ?? [];
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const api = recordsApi(object, objects);
  const record = useQuery({ queryKey: ['records', object.name, 'one', id, api.selection], queryFn: () => api.get(id), enabled: objects.length > 0 });
  const refresh = () => client.invalidateQueries({ queryKey: ['records', object.name] });
  if (record.isLoading || objects.length === 0) return <PageState loading error={undefined} />;
  if (record.error) return <PageState loading={false} error={record.error} />;
  if (!record.data) return <p role="alert">{t('record.notFound')}</p>;
  const title = recordTitle(object, record.data);

  return (
    <article className="record-page">
      <div className="list-header">
        <h1><span className="hint">{object.label} · </span>{title}</h1>
        {!editing && (
          <div className="toolbar">
            <button type="button" onClick={() => setEditing(true)} aria-label={t('record.editNamed', { name: title })}>{t('record.edit')}</button>
            <button type="button" className="danger" aria-label={t('record.deleteNamed', { name: title })} onClick={async () => {
              if (!window.confirm(t('record.confirmDelete', { name: title }))) return;
              try {
                await api.remove(id);
                await refresh();
                navigate(`/o/${object.name}`);
              } catch (e) {
                setDeleteError(e instanceof Error ? e.message : String(e));
              }
            }}>{t('record.delete')}</button>
          </div>
        )}
      </div>
      {deleteError && <p role="alert">{deleteError}</p>}
      {editing
        ? <RecordForm object={object} record={record.data} onCancel={() => setEditing(false)} onSaved={async () => { setEditing(false); await refresh(); }} />
        : <RecordDetails object={object} record={record.data} />}
      <CustomActions object={object} id={id} onDone={refresh} />
      <RelatedLists object={object} objects={objects} id={id} />
      <HistorySection object={object} id={id} />
    </article>
  );
}
