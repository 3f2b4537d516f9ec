import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../ui/FieldError.tsx';
import { useDeliveries, useReplay, type Delivery } from './api.ts';

const COLORS = { succeeded: 'green', failed: 'red', pending: 'gold' } as const;

/** A delivery's state as a tag (also the list's "last delivery"). */
export function StatusTag({ delivery }: { delivery: Pick<Delivery, 'status'> }) {
  const { t } = useTranslation('webhooks');
  return <Tag color={COLORS[delivery.status]}>{t(`status.${delivery.status}`)}</Tag>;
}

/**
 * A webhook's delivery log, newest first, a page at a time (`after`: the cursors of the pages seen
 * are kept, so "Newer" goes back): each delivery's event, attempts, response codes in order, the last
 * attempt's duration and error, and Replay (the same id and body again). Polled while one is pending.
 */
export function DeliveryLog({ webhook }: { webhook: string }) {
  const { t, i18n } = useTranslation('webhooks');
  const { message } = App.useApp();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1)!;
  const page = useDeliveries(webhook, after);
  const replay = useReplay(webhook);
  const time = (at: string | null) => (at ? new Date(at).toLocaleString(i18n.language) : '—');
  const last = (d: Delivery) => d.attemptLog.at(-1);
  return (
    <section aria-label={t('log', { name: webhook })}>
      <Typography.Title level={2}>{t('log', { name: webhook })}</Typography.Title>
      <FormError error={page.error ?? replay.error} />
      <Table<Delivery> rowKey="id" size="small" dataSource={page.data?.nodes ?? []} pagination={false} loading={page.isLoading} locale={{ emptyText: t('noDeliveries') }}
        columns={[
          { key: 'id', title: t('delivery'), render: (_, d) => <Typography.Text code title={d.id}>{d.id.slice(0, 8)}</Typography.Text> },
          { key: 'event', title: t('eventCol'), render: (_, d) => `${d.object}.${d.kind}` },
          { key: 'status', title: t('statusCol'), render: (_, d) => <StatusTag delivery={d} /> },
          { key: 'attempts', title: t('attempts'), dataIndex: 'attempts' },
          { key: 'codes', title: t('codes'), render: (_, d) => <span data-codes>{d.attemptLog.map((a) => a.responseCode ?? '—').join(' → ') || '—'}</span> },
          { key: 'duration', title: t('duration'), render: (_, d) => (last(d)?.durationMs ?? null) === null ? '—' : `${last(d)!.durationMs} ms` },
          { key: 'error', title: t('error'), render: (_, d) => last(d)?.error ?? '' },
          { key: 'at', title: t('time'), render: (_, d) => time(last(d)?.at ?? d.createdAt) },
          { key: 'replay', title: '', render: (_, d) => (
            <Button size="small" aria-label={`${t('replay')} ${d.id}`} loading={replay.isPending && replay.variables === d.id}
              onClick={async () => { await replay.mutateAsync(d.id); message.success(t('replayed')); }}>{t('replay')}</Button>
          ) },
        ]} />
      <Space style={{ marginTop: 8 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>{t('newer')}</Button>
        <Button disabled={!page.data?.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, page.data!.pageInfo.endCursor])}>{t('older')}</Button>
        <Button onClick={() => void page.refetch()}>{t('refresh')}</Button>
      </Space>
    </section>
  );
}
