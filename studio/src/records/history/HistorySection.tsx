import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { dataApi } from '../../api/graphql.ts';
import type { ObjectMeta } from '../../api/metadata.ts';
import { formatDateTime, historyValue, referencedIds, type HistoryField, type HistoryFormat } from './format.ts';
import { resolveNames } from './names.ts';

interface HistoryEntry {
  at: string;
  actor: { id: string; name: string | null } | null;
  via: string;
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

/**
 * The record's audited changes, newest first: when, who, via which channel, each field before → after
 * as the record reads — labels, option labels, lookup and user names (one batched request for all of
 * them), money, dates and booleans in the UI language and the user's time zone.
 */
export function HistorySection({ object, objects, id }: { object: ObjectMeta; objects: ObjectMeta[]; id: string }) {
  const { t, i18n } = useTranslation('records');
  const history = useQuery({
    queryKey: ['records', object.name, 'history', id],
    queryFn: async () => (await dataApi<{ recordHistory: HistoryEntry[] }>(
      'query($o: String!, $id: ID!) { recordHistory(object: $o, id: $id) { at actor { id name } via action changes { field before after } } }', { o: object.name, id },
    )).recordHistory,
  });
  const fieldOf = useMemo(() => {
    const owner: HistoryField = { name: 'owner', type: 'user', label: t('owner.label'), options: null, target: null, currencyCode: null };
    return (name: string): HistoryField | undefined => (name === 'owner' ? owner : object.fields.find((f) => f.name === name));
  }, [object, t]);
  const refs = useMemo(() => referencedIds((history.data ?? []).flatMap((e) => e.changes), fieldOf), [history.data, fieldOf]);
  const key = useMemo(() => [...refs.users, ...[...refs.records].flatMap(([o, ids]) => [...ids].map((i) => `${o}:${i}`))].sort().join(','), [refs]);
  const names = useQuery({
    queryKey: ['records', object.name, 'history', id, 'names', key],
    queryFn: () => resolveNames(refs, objects),
    enabled: history.isSuccess,
  });
  const empty = t('record.empty');
  const format: HistoryFormat = {
    language: i18n.language,
    words: { yes: t('record.yes'), no: t('record.no'), empty, hiddenRecord: t('history.hiddenRecord'), unknownUser: t('history.unknownUser') },
    names: names.data ?? { records: new Map(), users: new Map() },
  };
  const ready = history.data && (names.isSuccess || names.isError);
  return (
    <section aria-labelledby="history-heading">
      <Card size="small" title={<h2 id="history-heading" className="card-heading">{t('record.history')}</h2>}>
      {history.error ? <p role="alert">{String((history.error as Error).message)}</p> : null}
      {history.data?.length === 0 && <p className="hint">{t('record.noHistory')}</p>}
      {ready && (
        <ol className="history-list">
          {history.data!.map((e, i) => (
            <li key={i}>
              <p>
                <strong>{t(`record.historyAction.${e.action}`, { defaultValue: e.action })}</strong>{' · '}
                <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>{' · '}
                <span>{e.actor?.name ?? t('history.system')}</span>{' · '}
                <span className="hint">{t('record.historyVia')}: {e.via}</span>
              </p>
              <ul>
                {e.changes.map((c) => {
                  const field = fieldOf(c.field) ?? { name: c.field, type: '', label: c.field, options: null, target: null, currencyCode: null };
                  return <li key={c.field} data-field={c.field}><span className="hint">{field.label}:</span> {historyValue(field, c.before, format)} → {historyValue(field, c.after, format)}</li>;
                })}
              </ul>
            </li>
          ))}
        </ol>
      )}
      </Card>
    </section>
  );
}
