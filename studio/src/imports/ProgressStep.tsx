import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { ButtonLink } from '../ui/design/ButtonLink.tsx';
import { importJob } from './imports-api.ts';

const finished = (status: string | undefined) => status === 'done' || status === 'failed';

/** The job's progress polled every second (rows done, refused, rate, ETA), then its counts and error file. */
export function ProgressStep({ object, job, onFinished, onAgain }: { object: ObjectMeta; job: string; onFinished(): void; onAgain(): void }) {
  const { t, i18n } = useTranslation('imports');
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['import', job],
    queryFn: () => importJob(job),
    refetchInterval: (q) => (finished(q.state.data?.status) ? false : 1000),
  });
  const state = query.data;
  const status = state?.status;
  useEffect(() => {
    if (!finished(status)) return;
    onFinished();
    // The list shows the imported rows when the user goes back.
    void client.invalidateQueries({ queryKey: ['records', object.name] });
  }, [status]); // eslint-disable-line react-hooks/exhaustive-deps
  const n = (v: number) => v.toLocaleString(i18n.language);
  const processed = state ? state.rowsDone + state.rowsRefused : 0;
  const percent = state ? (state.status === 'done' ? 100 : state.rowsTotal ? Math.floor((processed / state.rowsTotal) * 100) : 0) : 0;

  return (
    <div className="import-progress">
      <Progress percent={percent} status={status === 'failed' ? 'exception' : status === 'done' ? 'success' : 'active'} aria-label={t('progress.label')} />
      {state && (
        <Space wrap role="status" aria-live="polite">
          {!finished(status) && <Typography.Text strong>{t(status === 'queued' ? 'progress.queued' : 'progress.running')}</Typography.Text>}
          <Typography.Text>{t('progress.counts', { done: n(state.rowsDone), refused: n(state.rowsRefused), total: n(state.rowsTotal) })}</Typography.Text>
          {state.rate !== null && <Typography.Text type="secondary">{t('progress.rate', { rate: n(state.rate) })}</Typography.Text>}
          {!finished(status) && state.eta !== null && <Typography.Text type="secondary">{t('progress.eta', { eta: n(state.eta) })}</Typography.Text>}
        </Space>
      )}
      {query.error && <Alert type="error" showIcon role="alert" title={query.error.message} />}
      {status === 'failed' && <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={t('done.failed', { message: state?.error ?? '' })} />}
      {status === 'done' && state && (
        <Result status={state.rowsRefused ? 'warning' : 'success'} title={t('done.title')} subTitle={t('done.summary', { done: n(state.rowsDone), refused: n(state.rowsRefused) })}
          extra={(
            <Space direction="vertical" align="center">
              {state.errorFile && state.rowsRefused > 0 && (
                <>
                  <a href={state.errorFile} download>{t('done.errorFile', { refused: n(state.rowsRefused) })}</a>
                  <Typography.Text type="secondary">{t('done.errorHint')}</Typography.Text>
                </>
              )}
              <Space>
                <ButtonLink type="primary" to={`/o/${object.name}`}>{t('back', { objects: object.pluralLabel })}</ButtonLink>
                <Button onClick={onAgain}>{t('done.again')}</Button>
              </Space>
            </Space>
          )} />
      )}
    </div>
  );
}
