import '../../ui/admin.css';
import { useState } from 'react';
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

function Row({ entry }: { entry: HistoryEntry }) {
  const { t, i18n } = useTranslation('audit');
  const kind = t(`kinds.${entry.kind}`, { defaultValue: entry.kind });
  return (
    <tr>
      <td><time dateTime={entry.at}>{new Date(entry.at).toLocaleString(i18n.language)}</time></td>
      <td>{entry.actor ? <span title={entry.actor.email}>{entry.actor.name}</span> : t('system')}</td>
      <td>{t(`via.${entry.via}`, { defaultValue: entry.via })}</td>
      <td>{kind}</td>
      <td><code>{entry.action}</code></td>
      <td>{entry.target}</td>
      <td>
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
      </td>
    </tr>
  );
}

/**
 * The setup audit trail: every configuration change (objects, scripts, security, list views,
 * dashboards, keys) newest first, filtered by kind, author and item, a page at a time.
 */
export function AuditTrailPage() {
  const { t } = useTranslation('audit');
  const [filter, setFilter] = useState<HistoryFilter>({});
  const history = useHistory(filter);
  const authors = useAuthors().data ?? [];
  const { register, handleSubmit, reset } = useForm<Values>({ defaultValues: EMPTY });
  const pages = history.data?.pages ?? [];
  const entries = pages.flatMap((p) => p.nodes);
  const kinds = pages[0]?.kinds ?? [];
  const forbidden = history.error instanceof ApiError && history.error.code === 'FORBIDDEN';
  return (
    <div className="audit-page">
      <h1>{t('title')}</h1>
      <p className="hint">{t('intro')}</p>
      <form className="panel audit-filters" aria-label={t('filters')} onSubmit={handleSubmit((v) => setFilter(filterOf(v)))}>
        <div className="filter-row">
          <label>{t('kind')}{' '}
            <select {...register('kind')}>
              <option value="">{t('allKinds')}</option>
              {[...kinds].sort().map((k) => <option key={k} value={k}>{t(`kinds.${k}`, { defaultValue: k })}</option>)}
            </select>
          </label>
          <label>{t('author')}{' '}
            <select {...register('actor')}>
              <option value="">{t('anyone')}</option>
              <option value="system">{t('system')}</option>
              {authors.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </label>
          <label>{t('target')}{' '}<input type="search" {...register('target')} /></label>
          <button type="submit" className="primary">{t('apply')}</button>
          <button type="button" onClick={() => { reset(EMPTY); setFilter({}); }}>{t('clear')}</button>
        </div>
      </form>
      {forbidden ? <p className="error">{t('forbidden')}</p> : <FormError error={history.error} />}
      {history.isLoading && <p role="status">{t('loadingMore')}</p>}
      {!history.isLoading && !history.error && (
        <table className="grid audit-table">
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead>
            <tr>{(['at', 'author', 'via', 'kind', 'action', 'target', 'details'] as const).map((c) => <th scope="col" key={c}>{t(`columns.${c}`)}</th>)}</tr>
          </thead>
          <tbody>
            {entries.map((e) => <Row key={e.seq} entry={e} />)}
            {entries.length === 0 && <tr><td colSpan={7}>{t('empty')}</td></tr>}
          </tbody>
        </table>
      )}
      {history.hasNextPage && (
        <button type="button" onClick={() => history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? t('loadingMore') : t('more')}
        </button>
      )}
    </div>
  );
}
