import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { useDeleteScript, useSaveScript, type Diagnostic, type ScriptRow } from './api.ts';
import { CodeEditor } from './CodeEditor.tsx';
import { Diagnostics } from './Diagnostics.tsx';
import { parseTypeHints } from './type-hints.ts';

const TEMPLATE = `export const triggers = {
  // objectName: {
  //   beforeCreate(ctx) {
  //     for (const record of ctx.records) { }
  //   },
  // },
};
`;

interface Props { script: ScriptRow | null; types: string; message: string | null; onSaved(name: string, message: string): void; onDeleted(): void }

/** One script: name, language, source in the editor; Save shows diagnostics inline; Delete. */
export function ScriptEditor({ script, types, message, onSaved, onDeleted }: Props) {
  const { t } = useTranslation('scripts');
  const [name, setName] = useState(script?.name ?? '');
  const [language, setLanguage] = useState<'TS' | 'JS'>(script?.language ?? 'TS');
  const [source, setSource] = useState(script?.source ?? TEMPLATE);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>(script?.diagnostics ?? []);
  const save = useSaveScript();
  const remove = useDeleteScript();
  const hints = useMemo(() => parseTypeHints(types), [types]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({ name, language, source }, {
      onSuccess: (r) => {
        setDiagnostics(r.diagnostics);
        onSaved(r.name, r.active ? t('editor.saved', { version: r.version }) : t('editor.savedWithErrors', { version: r.version }));
      },
    });
  };

  return (
    <form className="panel script-editor" onSubmit={submit} aria-labelledby="script-editor-title">
      <h2 id="script-editor-title">{script ? t('editor.editTitle', { name: script.name }) : t('editor.newTitle')}</h2>
      <div className="toolbar">
        <label htmlFor="script-name">{t('editor.name')}</label>
        <input id="script-name" value={name} required readOnly={!!script} onChange={(e) => setName(e.target.value)} {...invalidProps(save.error, 'name', 'script-name-error')} />
        <label htmlFor="script-language">{t('editor.language')}</label>
        <select id="script-language" value={language} onChange={(e) => setLanguage(e.target.value as 'TS' | 'JS')}>
          <option value="TS">TypeScript</option>
          <option value="JS">JavaScript</option>
        </select>
      </div>
      <FieldError error={save.error} field="name" id="script-name-error" />
      <CodeEditor key={language} value={source} onChange={setSource} diagnostics={diagnostics} hints={hints} typescript={language === 'TS'}
        label={t('editor.source')} describedBy={diagnostics.length ? 'script-diagnostics' : undefined} />
      <p className="hint">{t('editor.completionHint')}</p>
      {message && <p role="status">{message}</p>}
      <Diagnostics list={diagnostics} id="script-diagnostics" />
      <FormError error={save.error ?? remove.error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={save.isPending}>{t('editor.save')}</button>
        {script && (
          <button type="button" className="danger" disabled={remove.isPending}
            onClick={() => { if (window.confirm(t('editor.confirmDelete', { name: script.name }))) remove.mutate(script.name, { onSuccess: onDeleted }); }}>
            {t('editor.delete', { name: script.name })}
          </button>
        )}
      </div>
    </form>
  );
}
