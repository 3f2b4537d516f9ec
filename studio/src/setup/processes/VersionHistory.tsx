import { Drawer, Empty, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Select } from '../../ui/design/Select.tsx';
import { useVersions } from './api.ts';
import { diffVersions, type PropertyChange } from './diff.ts';
import type { ProcessKind } from './model.ts';

/** The versions the engine kept of one flow, and what changed between two of them (the last two first). */
export function VersionHistory({ kind, name, open, onClose }: { kind: ProcessKind; name: string; open: boolean; onClose(): void }) {
  const { t } = useTranslation('processes');
  const versions = useVersions(kind, name, open);
  const list = versions.data ?? [];
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const to = picked.to ?? list.at(-1)?.version;
  const from = picked.from ?? list.at(-2)?.version ?? to;
  const a = list.find((v) => v.version === from);
  const b = list.find((v) => v.version === to);
  const diff = a && b ? diffVersions(a.definition, b.definition, kind.items) : undefined;
  const choices = list.map((v) => ({ value: v.version, label: `${t('history.version', { version: v.version })} · ${new Date(v.createdAt).toLocaleString()}` }));
  const changes = (list: PropertyChange[]) => (
    <ul className="process-diff-changes">
      {list.map((c) => <li key={c.path}><code>{c.path}</code>: <del>{c.before ?? t('history.absent')}</del> → <ins>{c.after ?? t('history.absent')}</ins></li>)}
    </ul>
  );
  return (
    <Drawer open={open} onClose={onClose} title={t('history.title', { name })} size={560} destroyOnHidden>
      {versions.isLoading ? <Spin /> : !list.length ? <Empty description={t('history.empty')} /> : (
        <>
          <div className="process-history-pick">
            <label>{t('history.from')} <Select<number> aria-label={t('history.from')} value={from} onChange={(v) => setPicked({ ...picked, from: v })} options={choices} /></label>
            <label>{t('history.to')} <Select<number> aria-label={t('history.to')} value={to} onChange={(v) => setPicked({ ...picked, to: v })} options={choices} /></label>
          </div>
          <section aria-label={t('history.diff')} className="process-diff">
            {diff && !diff.settings.length && !diff.items.length && !diff.reordered && <p>{t('history.none')}</p>}
            {diff && diff.settings.length > 0 && <><h3>{t('history.settings')}</h3>{changes(diff.settings)}</>}
            {diff?.items.map((item) => (
              <div key={item.id} className={`process-diff-item ${item.status}`}>
                <h3><Tag color={item.status === 'added' ? 'green' : item.status === 'removed' ? 'red' : 'blue'}>{t(`history.${item.status}`)}</Tag> {item.id} <small>{item.type}</small></h3>
                {item.changes.length > 0 && changes(item.changes)}
              </div>
            ))}
            {diff?.reordered && <p>{t('history.reordered')}</p>}
          </section>
        </>
      )}
    </Drawer>
  );
}
