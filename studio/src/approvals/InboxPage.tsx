import { useQuery } from '@tanstack/react-query';
import { Button, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useRecordObjects } from '../api/record-objects.ts';
import { myApprovalTasks, type InboxTab, type InboxTask, type SubmittedRequest } from './api.ts';
import { OutOfOffice } from './OutOfOffice.tsx';
import { RequestDrawer, type DrawerTarget } from './RequestDrawer.tsx';
import { STATUS_COLOR } from './RequestTimeline.tsx';
import { labelText, refusal, useNames, when } from './shared.ts';
import './approvals.css';

const TABS: InboxTab[] = ['pending', 'submitted', 'cc', 'done'];

/** A row of any tab, one shape: the task (absent for "Submitted") and its request. */
interface Row { key: string; task?: InboxTask; object: string; recordId: string; request: string; flow: string; node: string | null; nodeLabel: unknown; submitter: string | null; since: string; status: string }

function rowsOf(tab: InboxTab, data: (InboxTask | SubmittedRequest)[]): Row[] {
  if (tab === 'submitted') {
    return (data as SubmittedRequest[]).map((r) => ({ key: r.request, object: r.object, recordId: r.recordId, request: r.request, flow: r.flow, node: r.node, nodeLabel: r.nodeLabel, submitter: null, since: r.createdAt, status: r.status }));
  }
  return (data as InboxTask[]).map((x) => ({
    key: x.id, task: x, object: x.request.object, recordId: x.request.recordId, request: x.request.id, flow: x.request.flow,
    node: x.node, nodeLabel: x.nodeLabel, submitter: x.request.submitter, since: x.createdAt, status: x.request.status,
  }));
}

/**
 * `/approvals`: the caller's approval inbox — to approve (their pending tasks, and group tasks they
 * may claim), submitted (their requests), CC'd (with read status), done (tasks they acted on). A row
 * opens the request in a drawer with its timeline and every operation that applies.
 */
export function InboxPage() {
  const { t, i18n } = useTranslation('approvals');
  const [params, setParams] = useSearchParams();
  const tab = (TABS.includes(params.get('tab') as InboxTab) ? params.get('tab') : 'pending') as InboxTab;
  const [target, setTarget] = useState<DrawerTarget | null>(null);
  const objects = useRecordObjects().data ?? [];
  const list = useQuery({ queryKey: ['approvals', 'inbox', tab], queryFn: () => myApprovalTasks(tab), refetchOnWindowFocus: true });
  const rows = rowsOf(tab, list.data ?? []);
  const names = useNames(rows.map((r) => r.submitter), rows.map((r) => ({ object: r.object, id: r.recordId })), objects);
  const objectLabel = (name: string) => objects.find((o) => o.name === name)?.label ?? name;
  const columns = [
    { key: 'record', title: t('columns.record'), render: (_: unknown, r: Row) => <Link to={`/o/${r.object}/${r.recordId}`}>{objectLabel(r.object)} · {names.record(r.object, r.recordId)}</Link> },
    { key: 'flow', title: t('columns.flow'), dataIndex: 'flow' },
    { key: 'node', title: t('columns.node'), render: (_: unknown, r: Row) => (r.node ? labelText(r.nodeLabel, i18n.language, r.node) : '—') },
    ...(tab === 'submitted' ? [] : [{ key: 'submitter', title: t('columns.submitter'), render: (_: unknown, r: Row) => names.user(r.submitter) }]),
    { key: 'since', title: t('columns.since'), render: (_: unknown, r: Row) => <time dateTime={r.since}>{when(r.since, i18n.language)}</time> },
    {
      key: 'status', title: t('columns.status'), render: (_: unknown, r: Row) => (
        <>
          <Tag color={STATUS_COLOR[r.status as keyof typeof STATUS_COLOR]}>{t(`requestStatus.${r.status}`)}</Tag>
          {r.task && tab !== 'submitted' && r.task.kind !== 'cc' && <Tag>{t(`taskStatus.${r.task.status}`)}</Tag>}
          {r.task?.urgedAt && <Tag color="orange">{t('urgedFlag')}</Tag>}
          {r.task?.kind === 'cc' && <Tag color={r.task.readAt ? 'green' : 'gold'}>{r.task.readAt ? t('readYes') : t('readNo')}</Tag>}
          {r.task && !r.task.assignee && <Tag color="purple">{t('claimable', { count: r.task.candidates?.length ?? 0 })}</Tag>}
        </>
      ),
    },
    {
      key: 'open', title: t('columns.actions'), render: (_: unknown, r: Row) => {
        const title = `${objectLabel(r.object)} · ${names.record(r.object, r.recordId)}`;
        return <Button size="small" aria-label={t('openNamed', { name: title })} onClick={() => setTarget({ object: r.object, recordId: r.recordId, request: r.request, task: r.task?.id, title })}>{t('open')}</Button>;
      },
    },
  ];
  return (
    <section className="approvals-inbox" aria-labelledby="approvals-title">
      <div className="list-header">
        <Typography.Title level={1} id="approvals-title">{t('title')}</Typography.Title>
        <OutOfOffice />
      </div>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={TABS.map((key) => ({ key, label: t(`tabs.${key}`) }))} />
      {list.error && <p role="alert">{refusal(list.error, t)}</p>}
      <Table<Row> rowKey="key" size="small" loading={list.isLoading} dataSource={rows} columns={columns} pagination={false}
        aria-label={t(`tabs.${tab}`)} locale={{ emptyText: t('empty') }} />
      <RequestDrawer target={target} onClose={() => setTarget(null)} />
    </section>
  );
}
