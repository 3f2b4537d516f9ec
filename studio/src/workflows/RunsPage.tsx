import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Select } from '../ui/design/Select.tsx';
import { refusal, when } from '../approvals/shared.ts';
import { cancelRun, retryRun, workflowRuns, type RunStatus, type RunStep, type WorkflowRun } from './api.ts';
import '../approvals/approvals.css';

const STATUSES: RunStatus[] = ['running', 'waiting', 'completed', 'failed', 'cancelled'];
export const RUN_COLOR: Record<RunStatus, string> = { running: 'processing', waiting: 'blue', completed: 'success', failed: 'error', cancelled: 'default' };

const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));
const took = (s: { startedAt: string; finishedAt: string | null }) => (s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.startedAt) : null);

/**
 * `/setup/workflow-runs`: the workflows' runs, newest first, filtered by workflow and status
 * (`workflowRuns`); a run's detail shows each step's input, output, timing and error, with retry
 * from the failed step and cancel.
 */
export function RunsPage() {
  const { t, i18n } = useTranslation('workflows');
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const filter = { workflow: params.get('workflow') ?? '', status: params.get('status') ?? '' };
  const [shown, setShown] = useState<string | null>(null);
  const runs = useQuery({ queryKey: ['workflowRuns', filter], queryFn: () => workflowRuns(filter), refetchInterval: 10_000 });
  const setFilter = (patch: Partial<typeof filter>) => {
    const next = { ...filter, ...patch };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
  };
  const run = runs.data?.find((r) => r.id === shown);
  const columns = [
    { key: 'workflow', title: t('runs.workflow'), dataIndex: 'workflow' },
    { key: 'status', title: t('runs.status'), render: (_: unknown, r: WorkflowRun) => <Tag color={RUN_COLOR[r.status]}>{t(`runs.statuses.${r.status}`)}</Tag> },
    { key: 'record', title: t('runs.record'), render: (_: unknown, r: WorkflowRun) => (r.object && r.recordId ? <Link to={`/o/${r.object}/${r.recordId}`}>{r.object} · {r.recordId.slice(0, 8)}</Link> : '—') },
    { key: 'started', title: t('runs.started'), render: (_: unknown, r: WorkflowRun) => <time dateTime={r.startedAt}>{when(r.startedAt, i18n.language)}</time> },
    { key: 'step', title: t('runs.step'), render: (_: unknown, r: WorkflowRun) => r.step ?? '—' },
    { key: 'error', title: t('runs.error'), render: (_: unknown, r: WorkflowRun) => r.error ?? '' },
    { key: 'open', title: '', render: (_: unknown, r: WorkflowRun) => <Button size="small" aria-label={t('runs.detailsNamed', { name: r.workflow })} onClick={() => setShown(r.id)}>{t('runs.details')}</Button> },
  ];
  return (
    <section aria-labelledby="runs-title">
      <div className="list-header">
        <Typography.Title level={1} id="runs-title">{t('runs.title')}</Typography.Title>
        <Button onClick={() => void runs.refetch()}>{t('runs.refresh')}</Button>
      </div>
      <Space wrap className="toolbar">
        <label htmlFor={`${ids}-wf`}>{t('runs.workflow')}</label>
        <Input.Search id={`${ids}-wf`} allowClear defaultValue={filter.workflow} onSearch={(workflow) => setFilter({ workflow })} style={{ width: 220 }} />
        <label htmlFor={`${ids}-status`}>{t('runs.status')}</label>
        <Select id={`${ids}-status`} aria-label={t('runs.status')} value={filter.status} onChange={(status) => setFilter({ status })} style={{ minWidth: 140 }}
          options={[{ value: '', label: t('runs.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`runs.statuses.${s}`) }))]} />
      </Space>
      {runs.error && <p role="alert">{String((runs.error as Error).message)}</p>}
      <Table<WorkflowRun> rowKey="id" size="small" loading={runs.isLoading} dataSource={runs.data ?? []} columns={columns} pagination={false}
        aria-label={t('runs.title')} locale={{ emptyText: t('runs.empty') }} />
      <Drawer open={!!run} onClose={() => setShown(null)} size={640} title={run ? t('runs.run', { name: run.workflow }) : ''} destroyOnHidden>
        {run && <RunDetail run={run} />}
      </Drawer>
    </section>
  );
}

function RunDetail({ run }: { run: WorkflowRun }) {
  const { t, i18n } = useTranslation('workflows');
  const { t: ta } = useTranslation('approvals');
  const client = useQueryClient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      await client.invalidateQueries({ queryKey: ['workflowRuns'] });
    } catch (e) {
      setError(refusal(e, ta));
    } finally {
      setBusy(false);
    }
  };
  const finished = run.status === 'completed' || run.status === 'cancelled';
  return (
    <div className="run-detail" data-run={run.id}>
      <Descriptions size="small" column={2} items={[
        { key: 'status', label: t('runs.status'), children: <Tag color={RUN_COLOR[run.status]} data-testid="run-status">{t(`runs.statuses.${run.status}`)}</Tag> },
        { key: 'version', label: t('runs.workflow'), children: `${run.workflow} · ${t('runs.version', { version: run.version })}` },
        { key: 'trigger', label: t('runs.trigger'), children: String(run.trigger?.type ?? '') },
        { key: 'started', label: t('runs.started'), children: when(run.startedAt, i18n.language) },
        { key: 'finished', label: t('runs.finished'), children: when(run.finishedAt, i18n.language) || '—' },
        ...(run.error ? [{ key: 'error', label: t('runs.error'), children: run.error }] : []),
      ]} />
      <Space className="toolbar">
        {run.status === 'failed' && <Button type="primary" loading={busy} onClick={() => void act(() => retryRun(run.id))}>{t('runs.retry')}</Button>}
        {!finished && <Button danger loading={busy} onClick={() => void act(() => cancelRun(run.id))}>{t('runs.cancel')}</Button>}
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <Typography.Title level={4} className="approval-subheading">{t('runs.steps')}</Typography.Title>
      <ol className="run-steps" aria-label={t('runs.steps')}>
        {run.steps.map((s: RunStep) => (
          <li key={s.seq} data-step={s.step}>
            <p><strong>{s.step}</strong> <Tag>{s.type}</Tag> <Tag color={s.status === 'failed' ? 'error' : s.status === 'completed' ? 'success' : undefined}>{s.status}</Tag>
              <span className="hint"> {when(s.startedAt, i18n.language)}{took(s) !== null ? ` · ${t('runs.duration', { ms: took(s) })}` : ''}</span></p>
            <details><summary>{t('runs.input')}</summary><pre>{json(s.input)}</pre></details>
            <details open><summary>{t('runs.output')}</summary><pre>{json(s.output)}</pre></details>
            {s.error && <Alert type="error" title={s.error} />}
          </li>
        ))}
      </ol>
    </div>
  );
}
