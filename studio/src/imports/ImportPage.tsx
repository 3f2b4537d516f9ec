import { useState } from 'react';
import { Alert, Steps, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/graphql.ts';
import { useRecordObject } from '../api/record-objects.ts';
import { PageState } from '../records/PageState.tsx';
import { ButtonLink } from '../ui/design/ButtonLink.tsx';
import { readCsvHeader } from './csv-header.ts';
import { importMapping, previewImport, type Mapping } from './imports-api.ts';
import { MappingStep } from './MappingStep.tsx';
import { ProgressStep } from './ProgressStep.tsx';

export interface PickedFile { file: File; headers: string[]; suggested: Mapping }

const isWorkbook = (file: File) => /\.xlsx$/i.test(file.name) || file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `/o/<object>/import`: the import wizard. 1) a CSV or XLSX file (a CSV's header row read here, a
 * workbook's by the server); 2) each column mapped to a field, as `importMapping` suggests, and an
 * optional match key; 3) `POST /import/<object>` and the job's progress polled every second;
 * 4) the counts, the error file of refused rows, and the way back to the list.
 */
export function ImportPage() {
  const { t } = useTranslation('imports');
  const params = useParams();
  const { object, objects, isLoading, error } = useRecordObject(params.object);
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [job, setJob] = useState<{ id: string; done: boolean } | null>(null);
  const [reading, setReading] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  if (!object) return <PageState loading={isLoading} error={error} />;

  const pick = async (file: File) => {
    setFileError(null);
    setReading(true);
    try {
      if (isWorkbook(file)) {
        const answer = await previewImport(object.name, file);
        setPicked({ file, headers: answer.headers, suggested: answer.mapping });
      } else {
        const headers = await readCsvHeader(file);
        if (!headers?.length) throw new Error(t('file.noHeader'));
        setPicked({ file, headers, suggested: await importMapping(object.name, headers) });
      }
    } catch (e) {
      setFileError(t('file.unreadable', { message: e instanceof ApiError || e instanceof Error ? e.message : String(e) }));
    } finally {
      setReading(false);
    }
  };
  const step = job ? (job.done ? 3 : 2) : picked ? 1 : 0;

  return (
    <section className="import-page">
      <div className="list-header">
        <Typography.Title level={1}>{t('title', { object: object.label })}</Typography.Title>
        <ButtonLink to={`/o/${object.name}`}>{t('back', { objects: object.pluralLabel })}</ButtonLink>
      </div>
      <Steps current={step} status={step === 3 ? 'finish' : 'process'} size="small" style={{ marginBottom: 24 }}
        items={[{ title: t('steps.file') }, { title: t('steps.mapping') }, { title: t('steps.progress') }, { title: t('steps.done') }]} />
      {step === 0 && (
        <>
          <Upload.Dragger accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" multiple={false} showUploadList={false} disabled={reading}
            beforeUpload={(file) => { void pick(file); return Upload.LIST_IGNORE; }}>
            <p className="ant-upload-text">{reading ? t('file.reading') : t('file.pick')}</p>
            <p className="ant-upload-hint">{t('file.hint')}</p>
          </Upload.Dragger>
          {fileError && <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={fileError} />}
        </>
      )}
      {step === 1 && picked && (
        <MappingStep object={object} objects={objects} picked={picked} onBack={() => setPicked(null)} onStarted={(id) => setJob({ id, done: false })} />
      )}
      {job && (
        <ProgressStep object={object} job={job.id} onFinished={() => setJob((j) => j && { ...j, done: true })}
          onAgain={() => { setJob(null); setPicked(null); }} />
      )}
    </section>
  );
}
