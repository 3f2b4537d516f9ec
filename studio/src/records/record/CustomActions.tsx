import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dataApi } from '../../api/graphql.ts';
import type { ObjectMeta } from '../../api/metadata.ts';

interface Action {
  /** The mutation, e.g. `leadConvert`. */
  mutation: string;
  /** The action's name in its script, e.g. `convert`. */
  action: string;
}

/**
 * The object's script actions, read from the data API's own schema: each is a mutation
 * `<object><Action>(id: ID!, input: JSON): JSON` described "The <action> action of the script … on a <object>."
 */
function useActions(object: ObjectMeta) {
  return useQuery({
    queryKey: ['records', object.name, 'actions'],
    staleTime: 60_000,
    queryFn: async (): Promise<Action[]> => {
      const data = await dataApi<{ __type: { fields: { name: string; description: string | null }[] } | null }>('{ __type(name: "Mutation") { fields { name description } } }');
      return (data.__type?.fields ?? []).flatMap((f) => {
        const match = /^The (\w+) action of the script .+ on a (\w+)\.$/.exec(f.description ?? '');
        return match && match[2] === object.name ? [{ mutation: f.name, action: match[1] }] : [];
      });
    },
  });
}

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
      setResult({ ok: false, text: t('record.actionFailed', { action: action.action, message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="action-runner">
      <label htmlFor={inputId}>{t('record.actionInput', { action: action.action })}</label>
      <textarea id={inputId} className="code" rows={2} value={input} onChange={(e) => setInput(e.target.value)} spellCheck={false} />
      <button type="button" disabled={busy} onClick={run}>{t('record.runAction', { action: action.action })}</button>
      {result && (result.ok
        ? <pre role="status" aria-label={t('record.actionResult', { action: action.action })}>{result.text}</pre>
        : <p role="alert">{result.text}</p>)}
    </div>
  );
}

/** A button per custom action of the object, with a JSON input, showing the result or the error. */
export function CustomActions({ object, id, onDone }: { object: ObjectMeta; id: string; onDone(): void }) {
  const { t } = useTranslation('records');
  const actions = useActions(object);
  if (!actions.data?.length) return null;
  return (
    <section aria-labelledby="actions-heading" className="panel">
      <h2 id="actions-heading">{t('record.actions')}</h2>
      {actions.data.map((a) => <ActionRunner key={a.mutation} action={a} id={id} onDone={onDone} />)}
    </section>
  );
}
