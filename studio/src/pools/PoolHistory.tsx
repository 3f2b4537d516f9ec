import { useTranslation } from 'react-i18next';
import { usePoolHistory, usePools } from './api.ts';

/** A record's moves between pools (claims, releases, recycles with their reason, transfers), oldest first: a few lines on the record page. */
export function PoolHistory({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation('pools');
  const pooled = (usePools().data ?? []).some((p) => p.object === object);
  const history = usePoolHistory(object, id, pooled);
  if (!pooled || !history.data?.length) return null;
  return (
    <section className="panel pool-history" aria-label={t('history')}>
      <h2>{t('history')}{history.data.some((h) => h.action === 'REACTIVATE') && <span className="pool-badge" role="note" aria-label={t('reactivated')}> · {t('reactivated')}</span>}</h2>
      <ol>
        {history.data.map((h, i) => (
          <li key={i}><time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time> {t(`actions.${h.action}`, { defaultValue: h.action })}{h.pool ? ` · ${h.pool}` : ''}{h.reason ? ` · ${t(`reasons.${h.reason}`, { defaultValue: h.reason })}` : ''}</li>
        ))}
      </ol>
    </section>
  );
}

export default PoolHistory;
