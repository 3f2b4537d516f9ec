import { Descriptions, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApprovalEvent, ApprovalRequest, ApprovalTask, NodeState, RequestStatus } from './api.ts';
import { labelText, when } from './shared.ts';

type Names = { user(id: string | null | undefined): string };

const STEP_STATUS: Record<NodeState, 'wait' | 'process' | 'finish' | 'error'> = {
  current: 'process', approved: 'finish', visited: 'finish', skipped: 'wait', rejected: 'error', notReached: 'wait',
};
export const STATUS_COLOR: Record<RequestStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', terminated: 'warning' };
const EVENT_COLOR: Record<string, string> = { approved: 'green', nodeApproved: 'green', rejected: 'red', sentBack: 'red', terminated: 'red', withdrawn: 'gray', urged: 'orange', timedOut: 'orange' };
const OUTCOMES = new Set(['approved', 'rejected', 'withdrawn', 'terminated']);

/** The users an event's data names (for the one names request). */
export function eventUsers(request: ApprovalRequest): string[] {
  return [request.submitter, ...request.events.flatMap((e) => {
    const d = e.data ?? {};
    return [d.to, d.from, d.user, d.for, ...(Array.isArray(d.users) ? d.users : [])].filter((x): x is string => typeof x === 'string');
  })].filter((x): x is string => !!x);
}

/**
 * One approval request as a timeline: its nodes (state, mode, round) as steps, each node's tasks
 * (assignee, status, comment, when), and every event in order — who did what, with their comment.
 */
export function RequestTimeline({ request, names }: { request: ApprovalRequest; names: Names }) {
  const { t, i18n } = useTranslation('approvals');
  const nodeName = (id: string | null | undefined) => {
    const node = request.nodes.find((n) => n.id === id);
    return node ? labelText(node.label, i18n.language, node.id) : id === '@request' ? t('taskKind.cc') : id ?? '';
  };
  const eventText = (e: ApprovalEvent) => {
    if (OUTCOMES.has(e.action) && !e.task) return t(`outcome.${e.action}`);
    const d = e.data ?? {};
    const to = typeof d.to === 'string' ? (request.nodes.some((n) => n.id === d.to) ? nodeName(d.to) : names.user(d.to)) : '';
    return t(`event.${e.action}`, {
      defaultValue: e.action, to, user: names.user(d.user as string), for: names.user(d.for as string), version: (d.to as { version?: number } | undefined)?.version ?? '',
      users: Array.isArray(d.users) ? d.users.map((u) => names.user(u as string)).join(', ') : '',
      position: typeof d.position === 'string' ? t(`form.${d.position.toLowerCase()}`) : '',
    });
  };
  const nodeTasks = (node: string) => request.tasks.filter((x) => x.node === node);
  const taskLine = (task: ApprovalTask) => (
    <li key={task.id} data-task={task.id}>
      <span>{task.assigneeName ?? (task.candidates?.length ? t('claimable', { count: task.candidates.length }) : '—')}</span>
      {task.onBehalfOf && <span className="hint"> ({t('onBehalfOf')} {names.user(task.onBehalfOf)})</span>}
      {' '}<Tag>{t(`taskKind.${task.kind}`)}</Tag>
      <Tag color={task.status === 'approved' ? 'green' : task.status === 'rejected' ? 'red' : task.status === 'pending' ? 'blue' : undefined}>{t(`taskStatus.${task.status}`)}</Tag>
      {task.kind === 'cc' && <Tag>{task.readAt ? t('readYes') : t('readNo')}</Tag>}
      {task.urgedAt && <Tag color="orange">{t('urgedFlag')}</Tag>}
      {task.comment && <q className="approval-comment">{task.comment}</q>}
      {task.actedAt && <span className="hint"> · <time dateTime={task.actedAt}>{when(task.actedAt, i18n.language)}</time></span>}
    </li>
  );
  const ccOfRequest = nodeTasks('@request');
  return (
    <div className="approval-request" data-request={request.id} data-status={request.status}>
      <Descriptions size="small" column={2} items={[
        { key: 'flow', label: t('columns.flow'), children: `${request.flow} (v${request.version})` },
        { key: 'status', label: t('columns.status'), children: <Tag color={STATUS_COLOR[request.status]} data-testid="request-status">{t(`requestStatus.${request.status}`)}</Tag> },
        { key: 'submitter', label: t('columns.submitter'), children: names.user(request.submitter) },
        { key: 'since', label: t(request.finishedAt ? 'columns.submittedAt' : 'columns.since'), children: <time dateTime={request.createdAt}>{when(request.createdAt, i18n.language)}</time> },
        ...(request.finishedAt ? [{ key: 'finished', label: t('columns.finishedAt'), children: <time dateTime={request.finishedAt}>{when(request.finishedAt, i18n.language)}</time> }] : []),
      ]} />
      <Typography.Title level={4} className="approval-subheading">{t('nodes')}</Typography.Title>
      <Steps size="small" orientation="vertical" current={request.node ? request.nodes.findIndex((n) => n.id === request.node) : request.nodes.length}
        items={request.nodes.map((n) => ({
          key: n.id,
          title: <span>{labelText(n.label, i18n.language, n.id)} <Tag>{t(`mode.${n.mode}`, { threshold: n.threshold ?? '' })}</Tag></span>,
          status: STEP_STATUS[n.state],
          content: (
            <div>
              <span className="hint">{t(`nodeState.${n.state}`)}</span>
              <ul className="approval-tasks" aria-label={`${t('tasks')}: ${labelText(n.label, i18n.language, n.id)}`}>{nodeTasks(n.id).filter((x) => x.round === n.round).map(taskLine)}</ul>
            </div>
          ),
        }))} />
      {ccOfRequest.length > 0 && <ul className="approval-tasks">{ccOfRequest.map(taskLine)}</ul>}
      <Typography.Title level={4} className="approval-subheading">{t('timeline')}</Typography.Title>
      <Timeline items={request.events.map((e, i) => ({
        key: i,
        color: EVENT_COLOR[e.action] ?? 'blue',
        content: (
          <div className="approval-event" data-action={e.action}>
            <strong>{eventText(e)}</strong>
            {e.node && !OUTCOMES.has(e.action) && <span className="hint"> · {nodeName(e.node)}</span>}
            {' · '}<span>{e.actorName ?? t('system')}</span>
            {' · '}<time dateTime={e.at} className="hint">{when(e.at, i18n.language)}</time>
            {e.comment && <div><q className="approval-comment">{e.comment}</q></div>}
          </div>
        ),
      }))} />
    </div>
  );
}
