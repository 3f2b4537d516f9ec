import { Alert, App, Button, Form, Input, Modal, Space, Table, Tabs, Typography } from 'antd';
import { Select } from '../ui/design/Select.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useRecordObjects } from '../api/record-objects.ts';
import { FormError } from '../ui/FieldError.tsx';
import { usePools, usePoolActions, usePublicPool, useMyPool, type Pool, type PoolRecord } from './api.ts';
import { Countdown } from './Countdown.tsx';

const titleOf = (r: PoolRecord) => String(r.name ?? r.title ?? r.subject ?? r.id);
const labelOf = (p: Pool, lang: string) => (lang.startsWith('zh') ? p.label?.zh : undefined) ?? p.label?.en ?? p.name;

function PublicPool({ object, pools }: { object: string; pools: Pool[] }) {
  const { t, i18n } = useTranslation('pools');
  const { message } = App.useApp();
  const [pool, setPool] = useState(pools[0]?.name ?? null);
  const [selected, setSelected] = useState<string[]>([]);
  const records = usePublicPool(object, pool);
  const { claim } = usePoolActions(object);
  return (
    <section aria-label={t('publicPool')}>
      <Space wrap className="pool-toolbar">
        <label htmlFor="pool-choice">{t('pool')}</label>
        <Select<string> id="pool-choice" value={pool ?? undefined} onChange={(v) => { setPool(v); setSelected([]); }} options={pools.map((p) => ({ value: p.name, label: labelOf(p, i18n.language) }))} style={{ minWidth: 160 }} />
        <Button type="primary" disabled={!selected.length} loading={claim.isPending}
          onClick={() => claim.mutate(selected, { onSuccess: () => { message.success(t('claimed', { count: selected.length })); setSelected([]); } })}>
          {t('claim', { count: selected.length })}
        </Button>
      </Space>
      <FormError error={claim.error ?? records.error} />
      <Table<PoolRecord> rowKey="id" size="small" loading={records.isLoading} dataSource={records.data?.nodes ?? []} pagination={{ pageSize: 50 }}
        locale={{ emptyText: t('empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ 'aria-label': titleOf(r) }) as never }}
        columns={[{ key: 'record', title: t('record'), render: (_, r) => titleOf(r) }]} />
    </section>
  );
}

function PrivatePool({ object, pools }: { object: string; pools: Pool[] }) {
  const { t } = useTranslation('pools');
  const { message } = App.useApp();
  const mine = useMyPool(object);
  const { release } = usePoolActions(object);
  const [selected, setSelected] = useState<string[]>([]);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<string>('');
  const reasons = [...new Set(pools.flatMap((p) => p.releaseReasons ?? []))];
  const submit = () => release.mutate({ ids: selected, reason: reason || null }, { onSuccess: () => { message.success(t('released', { count: selected.length })); setSelected([]); setAsking(false); setReason(''); } });
  return (
    <section aria-label={t('privatePool')}>
      <Space wrap className="pool-toolbar">
        <Button danger disabled={!selected.length} onClick={() => setAsking(true)}>{t('release', { count: selected.length })}</Button>
      </Space>
      <FormError error={mine.error} />
      <Table rowKey={(e) => e.record.id} size="small" loading={mine.isLoading} dataSource={mine.data?.nodes ?? []} pagination={{ pageSize: 50 }}
        locale={{ emptyText: t('empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        columns={[
          { key: 'record', title: t('record'), render: (_, e) => <Link to={`/o/${object}/${e.record.id}`}>{titleOf(e.record)}</Link> },
          { key: 'deadline', title: t('deadline'), render: (_, e) => (e.dueAt ? <Countdown dueAt={e.dueAt} offset={mine.data!.offset} /> : t('none')) },
          { key: 'rule', title: t('dueReason'), render: (_, e) => (e.dueReason ? t(`reasons.${e.dueReason}`, { defaultValue: e.dueReason }) : '') },
        ]} />
      <Modal open={asking} title={t('releaseTitle')} okText={t('confirm')} cancelText={t('cancel')} onOk={submit} onCancel={() => setAsking(false)} confirmLoading={release.isPending}>
        <Form layout="vertical">
          <Form.Item label={t('reason')} htmlFor="release-reason">
            {reasons.length
              ? <Select<string> id="release-reason" value={reason || undefined} onChange={(v) => setReason(v)} options={reasons.map((r) => ({ value: r, label: r }))} />
              : <Input id="release-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />}
          </Form.Item>
        </Form>
        <FormError error={release.error} />
      </Modal>
    </section>
  );
}

/** `/x/pools/pools/<object>` (the pools plugin's navigation entry): the public pools of an object with bulk claim, and my private pool with its cap and each record's deadline. */
export function PoolsPage() {
  const { t } = useTranslation('pools');
  const params = useParams();
  const navigate = useNavigate();
  const pools = usePools();
  const objects = useRecordObjects().data ?? [];
  const pooled = [...new Set((pools.data ?? []).map((p) => p.object))];
  const object = params.object ?? pooled[0];
  const mine = useMyPool(object ?? '');
  if (pools.isLoading) return null;
  if (!object) return <Alert type="info" showIcon title={t('noPools')} />;
  const ofObject = (pools.data ?? []).filter((p) => p.object === object).sort((a, b) => Number(!!b.default) - Number(!!a.default));
  const s = mine.data;
  return (
    <div className="pools-page">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Space wrap>
        <label htmlFor="pool-object">{t('object')}</label>
        <Select<string> id="pool-object" value={object} onChange={(o) => navigate(`/x/pools/pools/${o}`)} style={{ minWidth: 160 }}
          options={pooled.map((o) => ({ value: o, label: objects.find((x) => x.name === o)?.pluralLabel ?? o }))} />
        {s && <output className="pool-status" aria-label="pool status">{t('status', { count: s.privateCount, cap: s.privateCap ?? t('noCap') })} · {t('claimedToday', { count: s.claimedToday, quota: s.dailyQuota ?? t('noQuota') })}</output>}
      </Space>
      <Tabs items={[
        { key: 'public', label: t('publicPool'), children: <PublicPool key={object} object={object} pools={ofObject} /> },
        { key: 'private', label: t('privatePool'), children: <PrivatePool key={object} object={object} pools={ofObject} /> },
      ]} />
    </div>
  );
}
