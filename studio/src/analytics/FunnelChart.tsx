import { useTranslation } from 'react-i18next';
import type { FunnelStep } from './api.ts';

const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

/**
 * A funnel as horizontal bars (plain elements: no chart library in the report's chunk), each as
 * wide as its share of the first step, with the count and the conversion from the step before;
 * a table beneath carries the same figures for screen readers and tests.
 */
export function FunnelChart({ steps, labelOf, caption }: { steps: FunnelStep[]; labelOf: (stage: string) => string; caption: string }) {
  const { t } = useTranslation('analytics');
  const top = Math.max(1, steps[0]?.count ?? 0);
  return (
    <figure className="funnel-chart" style={{ margin: 0 }}>
      <figcaption>{caption}</figcaption>
      <div aria-hidden="true">
        {steps.map((s) => (
          <div key={s.stage} style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '4px 0' }}>
            <span style={{ width: 120, flex: 'none' }}>{labelOf(s.stage)}</span>
            <span style={{ flex: 1 }}>
              <span style={{ display: 'block', width: `${Math.max(0.5, (s.count / top) * 100)}%`, background: '#1677ff', color: '#fff', padding: '2px 6px', borderRadius: 3, whiteSpace: 'nowrap' }}>{s.count}</span>
            </span>
            <span style={{ width: 160, flex: 'none' }}>{s.conversion === null ? '' : t('funnel.conversion', { pct: pct(s.conversion) })}</span>
          </div>
        ))}
      </div>
      <table className="funnel-table">
        <thead><tr><th>{t('funnel.stage')}</th><th>{t('funnel.count')}</th><th>{t('funnel.rate')}</th></tr></thead>
        <tbody>{steps.map((s) => <tr key={s.stage}><td>{labelOf(s.stage)}</td><td>{s.count}</td><td>{pct(s.conversion)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
