import { Button, Card, Input, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Select } from '../../ui/design/Select.tsx';
import { useConfirm } from '../../ui/design/useConfirm.ts';
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
  const confirm = useConfirm();
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
    <Card size="small" className="script-editor" title={<h2 id="script-editor-title" className="card-heading">{script ? t('editor.editTitle', { name: script.name }) : t('editor.newTitle')}</h2>}>
    <form onSubmit={submit} aria-labelledby="script-editor-title">
      <div className="toolbar">
        <label htmlFor="script-name">{t('editor.name')}</label>
        <Input id="script-name" className="script-name" value={name} required readOnly={!!script} onChange={(e) => setName(e.target.value)} {...invalidProps(save.error, 'name', 'script-name-error')} />
        <label htmlFor="script-language">{t('editor.language')}</label>
        <Select<'TS' | 'JS'> id="script-language" value={language} onChange={setLanguage} options={[{ value: 'TS', label: 'TypeScript' }, { value: 'JS', label: 'JavaScript' }]} />
      </div>
      <FieldError error={save.error} field="name" id="script-name-error" />
      <CodeEditor key={language} value={source} onChange={setSource} diagnostics={diagnostics} hints={hints} typescript={language === 'TS'}
        label={t('editor.source')} describedBy={diagnostics.length ? 'script-diagnostics' : undefined} />
      <p className="hint">{t('editor.completionHint')}</p>
      {message && <Typography.Paragraph role="status" type={diagnostics.some((d) => d.severity === 'error') ? 'warning' : 'success'}>{message}</Typography.Paragraph>}
      <Diagnostics list={diagnostics} id="script-diagnostics" />
      <FormError error={save.error ?? remove.error} />
      <div className="toolbar">
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('editor.save')}</Button>
        {script && (
          <Button danger disabled={remove.isPending}
            onClick={() => confirm({ title: t('editor.confirmDelete', { name: script.name }), okText: t('editor.delete', { name: script.name }), onOk: () => remove.mutate(script.name, { onSuccess: onDeleted }) })}>
            {t('editor.delete', { name: script.name })}
          </Button>
        )}
      </div>
    </form>
    </Card>
  );
}
