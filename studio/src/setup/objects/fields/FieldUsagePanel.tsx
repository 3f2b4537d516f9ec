import { Button, Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../../../api/metadata.ts';
import { useFieldUsage } from '../api.ts';

/** "Where is it used": the layout sections, list column and indexes of the field, and lookups to its object. */
export function FieldUsagePanel({ object, field, onClose }: { object: ObjectMeta; field: FieldMeta; onClose: () => void }) {
  const { t } = useTranslation('setup');
  const usage = useFieldUsage(object.name, field.name);
  const u = usage.data;
  const id = `usage-${field.name}`;
  const list = (title: string, items: ReactNode[]) => (
    <>
      <h3>{title}</h3>
      {items.length ? <ul>{items.map((item, i) => <li key={i}>{item}</li>)}</ul> : <p className="hint">{t('fields.usagePanel.none')}</p>}
    </>
  );
  return (
    <section aria-labelledby={`${id}-title`} className="editor-panel usage-panel">
      <Card size="small" title={<h2 id={`${id}-title`} className="card-heading">{t('fields.usagePanel.title', { label: field.label })}</h2>}
        extra={<Button size="small" onClick={onClose}>{t('common:actions.close')}</Button>}>
      {usage.isLoading && <p role="status">{t('common:loading')}</p>}
      {usage.error ? <p role="alert">{(usage.error as Error).message}</p> : null}
      {u && (
        <>
          {list(t('fields.usagePanel.layout'), u.layoutSections.map((s) => {
            const flags = [s.required && t('fields.usagePanel.flags.required'), s.readOnly && t('fields.usagePanel.flags.readOnly')].filter(Boolean).join(', ');
            return `${s.label ?? t('fields.usagePanel.untitledSection', { n: s.section + 1 })}${flags ? ` (${flags})` : ''}`;
          }))}
          {list(t('fields.usagePanel.listColumn'), u.listColumn === null ? [] : [t('fields.usagePanel.listColumnAt', { n: u.listColumn + 1 })])}
          {list(t('fields.usagePanel.indexes'), u.indexes.map((name) => <code key={name}>{name}</code>))}
          {list(t('fields.usagePanel.lookups', { object: object.label }), u.lookups.map((l) => <Link key={`${l.object}.${l.field}`} to={`/setup/objects/${l.object}`}>{l.object}.{l.field}</Link>))}
        </>
      )}
      </Card>
    </section>
  );
}
