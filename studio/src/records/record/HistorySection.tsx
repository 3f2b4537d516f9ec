import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { dataApi } from '../../api/graphql.ts';
import type { ObjectMeta } from '../../api/metadata.ts';

interface HistoryEntry {
  at: string;
  actor: { id: string; name: string | null } | null;
  via: string;
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

const show = (v: unknown, empty: string) => (v === null || v === undefined || v === '' ? empty : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The record's audited changes, newest first: when, who, via which channel, each field before → after. */
export function HistorySection({ object, id }: { object: ObjectMeta; id: string }) {
  const { t, i18n } = useTranslation('records');
  const history = useQuery({
    queryKey: ['records', object.name, 'history', id],
    queryFn: async () => (await dataApi<{ recordHistory: HistoryEntry[] }>(
      'query($o: String!, $id: ID!) { recordHistory(object: $o, id: $id) { at actor { id name } via action changes { field before after } } }', { o: object.name, id },
    )).recordHistory,
  });
  const label = (field: string) => object.fields.find((f) => f.name === field)?.label ?? field;
  const empty = t('record.empty');
  return (
    <section aria-labelledby="history-heading">
      <Card size="small" title={<h2 id="history-heading" className="card-heading">{t('record.history')}</h2>}>
      {history.error ? <p role="alert">{String((history.error as Error).message)}</p> : null}
      {history.data?.length === 0 && <p className="hint">{t('record.noHistory')}</p>}
      <ol className="history-list">
        {history.data?.map((e, i) => (
          <li key={i}>
            <p>
              <strong>{t(`record.historyAction.${e.action}`, { defaultValue: e.action })}</strong>{' · '}
              <time dateTime={e.at}>{new Date(e.at).toLocaleString(i18n.language)}</time>{' · '}
              <span>{e.actor?.name ?? e.actor?.id ?? empty}</span>{' · '}
              <span className="hint">{t('record.historyVia')}: {e.via}</span>
            </p>
            <ul>
              {e.changes.map((c) => (
                <li key={c.field}><span className="hint">{label(c.field)}:</span> {show(c.before, empty)} → {show(c.after, empty)}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      </Card>
    </section>
  );
}
