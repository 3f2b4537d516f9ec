import '../../ui/admin.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/FieldError.tsx';
import { useScripts, useScriptTypes } from './api.ts';
import { FailuresPanel } from './FailuresPanel.tsx';
import { ScriptEditor } from './ScriptEditor.tsx';

/** Scripts: the list, the editor (with the tenant's types), and the run trace of the last failures. */
export function ScriptsPage() {
  const { t } = useTranslation('scripts');
  const scripts = useScripts();
  const types = useScriptTypes();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  // The outcome of the last save outlives the editor (it remounts on the new version).
  const [saved, setSaved] = useState<{ name: string; message: string } | null>(null);
  const script = scripts.data?.find((s) => s.name === selected) ?? null;
  const editing = creating || script;
  return (
    <div className="scripts-page">
      <h1>{t('title')}</h1>
      <FormError error={scripts.error ?? types.error} />
      <table className="grid">
        <caption className="visually-hidden">{t('list.caption')}</caption>
        <thead>
          <tr>{(['name', 'version', 'language', 'status'] as const).map((c) => <th scope="col" key={c}>{t(`list.${c}`)}</th>)}</tr>
        </thead>
        <tbody>
          {(scripts.data ?? []).map((s) => (
            <tr key={s.name}>
              <td><button type="button" className="link" onClick={() => { setSelected(s.name); setCreating(false); setSaved(null); }}>{s.name}</button></td>
              <td>{s.version}</td>
              <td>{s.language}</td>
              <td>{s.active ? t('list.active') : s.activeVersion ? t('list.olderActive', { version: s.activeVersion }) : t('list.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {scripts.data?.length === 0 && <p className="hint">{t('list.empty')}</p>}
      <div className="toolbar"><button type="button" onClick={() => { setCreating(true); setSelected(null); setSaved(null); }}>{t('list.new')}</button></div>
      <div className="editor-layout">
        {editing ? (
          <ScriptEditor key={script ? `${script.name}:${script.version}` : 'new'} script={creating ? null : script} types={types.data ?? ''}
            message={saved && script && !creating && saved.name === script.name ? saved.message : null}
            onSaved={(name, message) => { setCreating(false); setSelected(name); setSaved({ name, message }); }} onDeleted={() => { setSelected(null); setSaved(null); }} />
        ) : <p className="hint">{t('editor.pick')}</p>}
        <details className="panel types-panel">
          <summary>{t('types.title')}</summary>
          <p className="hint">{t('types.hint')}</p>
          <pre aria-label={t('types.title')} tabIndex={0}>{types.data ?? ''}</pre>
        </details>
      </div>
      <FailuresPanel />
    </div>
  );
}
