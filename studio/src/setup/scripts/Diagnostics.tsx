import { useTranslation } from 'react-i18next';
import type { Diagnostic } from './api.ts';

/** The diagnostics of the last save as a list (the editor shows the same ones as markers). */
export function Diagnostics({ list, id }: { list: Diagnostic[]; id: string }) {
  const { t } = useTranslation('scripts');
  if (list.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('diagnostics.title', { count: list.length })}</h3>
      <ul className="diagnostics" id={id}>
        {list.map((d, i) => (
          <li key={i} className={d.severity}>
            {t('diagnostics.at', { line: d.line, column: d.column })} · {t(`diagnostics.${d.severity}`)}: {d.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
