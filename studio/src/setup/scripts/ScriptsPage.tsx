import '../../ui/admin.css';
import { Button, Collapse, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PlusOutlined } from '../../ui/design/icons.tsx';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/FieldError.tsx';
import { useScripts, useScriptTypes, type ScriptRow } from './api.ts';
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
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <FormError error={scripts.error ?? types.error} />
      <Table<ScriptRow> size="middle" rowKey="name" pagination={false} dataSource={scripts.data ?? []} aria-label={t('list.caption')} locale={{ emptyText: t('list.empty') }}
        columns={[
          { key: 'name', title: t('list.name'), render: (_, s) => <Button type="link" size="small" onClick={() => { setSelected(s.name); setCreating(false); setSaved(null); }}>{s.name}</Button> },
          { key: 'version', title: t('list.version'), render: (_, s) => s.version },
          { key: 'language', title: t('list.language'), render: (_, s) => s.language },
          { key: 'status', title: t('list.status'), render: (_, s) => (s.active ? <Tag color="green">{t('list.active')}</Tag> : s.activeVersion ? <Tag color="orange">{t('list.olderActive', { version: s.activeVersion })}</Tag> : <Tag>{t('list.inactive')}</Tag>) },
        ]} />
      <div className="toolbar"><Button icon={<PlusOutlined />} onClick={() => { setCreating(true); setSelected(null); setSaved(null); }}>{t('list.new')}</Button></div>
      <div className="editor-layout">
        {editing ? (
          <ScriptEditor key={script ? `${script.name}:${script.version}` : 'new'} script={creating ? null : script} types={types.data ?? ''}
            message={saved && script && !creating && saved.name === script.name ? saved.message : null}
            onSaved={(name, message) => { setCreating(false); setSelected(name); setSaved({ name, message }); }} onDeleted={() => { setSelected(null); setSaved(null); }} />
        ) : <p className="hint">{t('editor.pick')}</p>}
        <Collapse className="types-panel" size="small" items={[{
          key: 'types', label: t('types.title'),
          children: <><p className="hint">{t('types.hint')}</p><pre aria-label={t('types.title')} tabIndex={0}>{types.data ?? ''}</pre></>,
        }]} />
      </div>
      <FailuresPanel />
    </div>
  );
}
