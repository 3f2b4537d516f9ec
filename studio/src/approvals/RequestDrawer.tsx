import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Drawer, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRecordObjects } from '../api/record-objects.ts';
import { approvalRequests } from './api.ts';
import { RequestActions } from './RequestActions.tsx';
import { eventUsers, RequestTimeline } from './RequestTimeline.tsx';
import { refusal, useNames } from './shared.ts';

export interface DrawerTarget { object: string; recordId: string; request: string; task?: string; title: string }

/** Refreshes everything an approval operation may have changed: the inbox, requests, the record, notifications. */
export function useApprovalRefresh() {
  const client = useQueryClient();
  return (object?: string) => Promise.all([
    client.invalidateQueries({ queryKey: ['approvals'] }),
    client.invalidateQueries({ queryKey: ['notifications'] }),
    object ? client.invalidateQueries({ queryKey: ['records', object] }) : undefined,
  ]);
}

/** A request of the inbox in a drawer: its timeline and the operations the caller may run on it. */
export function RequestDrawer({ target, onClose }: { target: DrawerTarget | null; onClose(): void }) {
  const { t } = useTranslation('approvals');
  const objects = useRecordObjects().data ?? [];
  const refresh = useApprovalRefresh();
  const requests = useQuery({
    queryKey: ['approvals', 'requests', target?.object, target?.recordId],
    queryFn: () => approvalRequests(target!.object, target!.recordId),
    enabled: !!target,
  });
  const request = requests.data?.find((r) => r.id === target?.request);
  const names = useNames(request ? eventUsers(request) : [], [], objects);
  return (
    <Drawer open={!!target} onClose={onClose} size={640} title={target ? t('drawer', { name: target.title }) : ''} closable={{ 'aria-label': t('close') }} destroyOnHidden>
      {target && <p><Link to={`/o/${target.object}/${target.recordId}`}>{t('recordLink')}</Link></p>}
      {requests.isLoading && <Spin size="small" />}
      {requests.error && <p role="alert">{refusal(requests.error, t)}</p>}
      {request && (
        <>
          <RequestActions request={request} actions={request.actions} task={target?.task} onDone={() => refresh(target?.object)} />
          <RequestTimeline request={request} names={names} />
        </>
      )}
    </Drawer>
  );
}
