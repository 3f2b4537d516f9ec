import '../../ui/admin.css';
import { Alert, Button, Table, Typography } from 'antd';
import { useState } from 'react';
import { FormInput, FormSelect } from '../../ui/design/form-controls.tsx';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/graphql.ts';
import { FormError } from '../../ui/FieldError.tsx';
import { useAuthors, useHistory, type HistoryEntry, type HistoryFilter } from './api.ts';

interface Values { kind: string; actor: string; target: string }
const EMPTY: Values = { kind: '', actor: '', target: '' };

const filterOf = (v: Values): HistoryFilter => ({
  ...(v.kind ? { kinds: [v.kind] } : {}),
  ...(v.actor ? { actor: v.actor } : {}),
  ...(v.target.trim() ? { target: v.target.trim() } : {}),
});

function Json({ value, label }: { value: unknown; label: string }) {
  const { t } = useTranslation('audit');
  return (
    <figure className="audit-json">
      <figcaption>{label}</figcaption>
      <pre>{value === null || value === undefined ? t('none') : JSON.stringify(value, null, 2)}</pre>
    </figure>
  );
}

/** Before and after of one change, opened on demand. */
function Details({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation('audit');
  return (
    <details>
      <summary aria-label={`${t('show')}: ${entry.action} ${entry.target}`}>{t('show')}</summary>
      <p className="hint">
        {t('version', { version: entry.version })}
        {entry.securityVersion !== null ? `, ${t('securityVersion', { version: entry.securityVersion })}` : ''}
      </p>
      <div className="audit-diff">
        <Json value={entry.before} label={t('before')} />
        <Json value={entry.after} label={t('after')} />
      </div>
    </details>
  );
}

/**
 * The setup audit trail: every configuration change (objects, scripts, security, list views,
 * dashboards, keys) newest first, filtered by kind, author and item, a page at a time.
 */
export function AuditTrailPage() {
  const { t, i18n } = useTranslation('audit');
  const [filter, setFilter] = useState<HistoryFilter>({});
  const history = useHistory(filter);
  const authors = useAuthors().data ?? [];
  const { control, handleSubmit, reset } = useForm<Values>({ defaultValues: EMPTY });
  const pages = history.data?.pages ?? [];
  const entries = pages.flatMap((p) => p.nodes);
  const kinds = pages[0]?.kinds ?? [];
  const forbidden = history.error instanceof ApiError && history.error.code === 'FORBIDDEN';
  return (
    <div className="audit-page">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <form className="panel audit-filters" aria-label={t('filters')} onSubmit={handleSubmit((v) => setFilter(filterOf(v)))}>
        <div className="filter-row">
          <label htmlFor="audit-kind">{t('kind')}</label>
          <FormSelect control={control} name="kind" id="audit-kind" className="audit-select"
            options={[{ value: '', label: t('allKinds') }, ...[...kinds].sort().map((k) => ({ value: k, label: t(`kinds.${k}`, { defaultValue: k }) }))]} />
          <label htmlFor="audit-actor">{t('author')}</label>
          <FormSelect control={control} name="actor" id="audit-actor" className="audit-select"
            options={[{ value: '', label: t('anyone') }, { value: 'system', label: t('system') }, ...authors.map((u) => ({ value: u.id, label: u.name }))]} />
          <label htmlFor="audit-target">{t('target')}</label>
          <FormInput control={control} name="target" id="audit-target" type="search" className="audit-target" />
          <Button type="primary" htmlType="submit">{t('apply')}</Button>
          <Button onClick={() => { reset(EMPTY); setFilter({}); }}>{t('clear')}</Button>
        </div>
      </form>
      {forbidden ? <Alert type="warning" showIcon className="error" title={t('forbidden')} /> : <FormError error={history.error} />}
      {history.isLoading && <p role="status">{t('loadingMore')}</p>}
      {!history.isLoading && !history.error && (
        <Table<HistoryEntry> className="audit-table" size="middle" rowKey="seq" pagination={false} dataSource={entries} aria-label={t('caption')} locale={{ emptyText: t('empty') }}
          columns={[
            { key: 'at', title: t('columns.at'), render: (_, e) => <time dateTime={e.at}>{new Date(e.at).toLocaleString(i18n.language)}</time> },
            { key: 'author', title: t('columns.author'), render: (_, e) => (e.actor ? <span title={e.actor.email}>{e.actor.name}</span> : t('system')) },
            { key: 'via', title: t('columns.via'), render: (_, e) => t(`via.${e.via}`, { defaultValue: e.via }) },
            { key: 'kind', title: t('columns.kind'), render: (_, e) => t(`kinds.${e.kind}`, { defaultValue: e.kind }) },
            { key: 'action', title: t('columns.action'), render: (_, e) => <Typography.Text code>{e.action}</Typography.Text> },
            { key: 'target', title: t('columns.target'), render: (_, e) => e.target },
            { key: 'details', title: t('columns.details'), render: (_, e) => <Details entry={e} /> },
          ]} />
      )}
      {history.hasNextPage && (
        <Button className="more" onClick={() => history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? t('loadingMore') : t('more')}
        </Button>
      )}
    </div>
  );
}
