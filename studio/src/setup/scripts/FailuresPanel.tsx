import { Button, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/FieldError.tsx';
import { useScriptFailures, type ScriptFailure } from './api.ts';

function Trace({ failure }: { failure: ScriptFailure }) {
  const { t } = useTranslation('scripts');
  if (!failure.trace?.length) return <p className="hint">{t('failures.noTrace')}</p>;
  type Step = NonNullable<ScriptFailure['trace']>[number];
  const column = (c: 'step' | 'hook' | 'object' | 'records' | 'ms' | 'queries', value: (s: Step) => React.ReactNode) => ({ key: c, title: t(`failures.columns.${c}`), render: (_: unknown, s: Step) => value(s) });
  return (
    <Table<Step> className="trace" size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={failure.trace} aria-label={t('failures.traceCaption')}
      columns={[column('step', (s) => s.step), column('hook', (s) => s.hook ?? ''), column('object', (s) => s.object), column('records', (s) => s.records), column('ms', (s) => s.ms), column('queries', (s) => s.queries)]} />
  );
}

/** The run trace of the latest failed runs: when, which script, the error, and the pipeline steps up to it. */
export function FailuresPanel() {
  const { t, i18n } = useTranslation('scripts');
  const failures = useScriptFailures();
  return (
    <section aria-labelledby="failures-title" className="failures-panel">
      <Card size="small" title={<h2 id="failures-title" className="card-heading">{t('failures.title')}</h2>} extra={<Button size="small" onClick={() => failures.refetch()}>{t('failures.refresh')}</Button>}>
      <FormError error={failures.error} />
      {failures.data?.length === 0 && <p className="hint">{t('failures.none')}</p>}
      <ol className="failures">
        {(failures.data ?? []).map((f) => (
          <li key={f.id}>
            <details>
              <summary>
                <time dateTime={f.at}>{new Date(f.at).toLocaleString(i18n.language)}</time>{' · '}
                <strong>{f.script ? t('failures.script', { name: f.script, version: f.version }) : t('failures.noScript')}</strong>{' · '}
                <Typography.Text code>{f.code}</Typography.Text> {f.message}
              </summary>
              {f.details != null && <pre>{JSON.stringify(f.details, null, 2)}</pre>}
              <Trace failure={f} />
            </details>
          </li>
        ))}
      </ol>
      </Card>
    </section>
  );
}
