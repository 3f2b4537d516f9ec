import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/FieldError.tsx';
import { useScriptFailures, type ScriptFailure } from './api.ts';

function Trace({ failure }: { failure: ScriptFailure }) {
  const { t } = useTranslation('scripts');
  if (!failure.trace?.length) return <p className="hint">{t('failures.noTrace')}</p>;
  return (
    <table className="grid trace">
      <caption>{t('failures.traceCaption')}</caption>
      <thead>
        <tr>{(['step', 'hook', 'object', 'records', 'ms', 'queries'] as const).map((c) => <th scope="col" key={c}>{t(`failures.columns.${c}`)}</th>)}</tr>
      </thead>
      <tbody>
        {failure.trace.map((s, i) => (
          <tr key={i}>
            <td>{s.step}</td><td>{s.hook ?? ''}</td><td>{s.object}</td><td>{s.records}</td><td>{s.ms}</td><td>{s.queries}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The run trace of the latest failed runs: when, which script, the error, and the pipeline steps up to it. */
export function FailuresPanel() {
  const { t } = useTranslation('scripts');
  const failures = useScriptFailures();
  return (
    <section aria-labelledby="failures-title" className="panel">
      <div className="toolbar">
        <h2 id="failures-title">{t('failures.title')}</h2>
        <button type="button" onClick={() => failures.refetch()}>{t('failures.refresh')}</button>
      </div>
      <FormError error={failures.error} />
      {failures.data?.length === 0 && <p className="hint">{t('failures.none')}</p>}
      <ol className="failures">
        {(failures.data ?? []).map((f) => (
          <li key={f.id}>
            <details>
              <summary>
                <time dateTime={f.at}>{new Date(f.at).toLocaleString()}</time>{' · '}
                <strong>{f.script ? t('failures.script', { name: f.script, version: f.version }) : t('failures.noScript')}</strong>{' · '}
                <code>{f.code}</code> {f.message}
              </summary>
              {f.details != null && <pre>{JSON.stringify(f.details, null, 2)}</pre>}
              <Trace failure={f} />
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
