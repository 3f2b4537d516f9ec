import { Alert, Button, Card, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dataApi } from '../../api/graphql.ts';
import type { ObjectActionMeta, ObjectMeta } from '../../api/metadata.ts';

type Action = ObjectActionMeta;

function ActionRunner({ action, id, onDone }: { action: Action; id: string; onDone(): void }) {
  const { t } = useTranslation('records');
  const [input, setInput] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const inputId = `action-${action.mutation}-input`;
  const run = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const parsed = input.trim() ? JSON.parse(input) : null;
      const data = await dataApi(`mutation($id: ID!, $input: JSON) { ${action.mutation}(id: $id, input: $input) }`, { id, input: parsed });
      setResult({ ok: true, text: JSON.stringify(data[action.mutation], null, 2) });
      onDone();
    } catch (e) {
      setResult({ ok: false, text: t('record.actionFailed', { action: action.name, message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="action-runner">
      <label htmlFor={inputId}>{t('record.actionInput', { action: action.name })}</label>
      <Input.TextArea id={inputId} className="code" autoSize={{ minRows: 2, maxRows: 8 }} value={input} onChange={(e) => setInput(e.target.value)} spellCheck={false} />
      <Button loading={busy} onClick={run}>{t('record.runAction', { action: action.name })}</Button>
      {result && (result.ok
        ? <pre role="status" aria-label={t('record.actionResult', { action: action.name })} className="action-result">{result.text}</pre>
        : <Alert type="error" showIcon role="alert" title={result.text} />)}
    </div>
  );
}

/** A button per custom action of the object, with a JSON input, showing the result or the error. */
export function CustomActions({ object, id, onDone }: { object: ObjectMeta; id: string; onDone(): void }) {
  const { t } = useTranslation('records');
  if (!object.actions.length) return null;
  return (
    <section aria-labelledby="actions-heading">
      <Card size="small" title={<h2 id="actions-heading" className="card-heading">{t('record.actions')}</h2>}>
        {object.actions.map((a) => <ActionRunner key={a.mutation} action={a} id={id} onDone={onDone} />)}
      </Card>
    </section>
  );
}
