import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useRecordObject } from '../api/record-objects.ts';
import { RecordForm } from './form/RecordForm.tsx';
import { PageState } from './PageState.tsx';
import './records.css';

/** `/o/:object/new`: the generated form; after the create, the new record's page. */
export function NewRecordPage() {
  const { t } = useTranslation('records');
  const params = useParams();
  const navigate = useNavigate();
  const { object, isLoading, error } = useRecordObject(params.object);
  if (!object) return <PageState loading={isLoading} error={error} />;
  return (
    <section className="record-page">
      <Typography.Title level={1}>{t('form.newTitle', { object: object.label })}</Typography.Title>
      <RecordForm object={object} onSaved={(r) => navigate(`/o/${object.name}/${r.id}`)} onCancel={() => navigate(`/o/${object.name}`)} />
    </section>
  );
}
