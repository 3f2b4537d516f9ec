import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useObjects } from '../api/metadata.ts';
import { FormError } from '../ui/FieldError.tsx';
import { useDeleteDashboard, useSaveDashboard, type ChartBlock, type Dashboard } from './api.ts';
import { ChartBlockEditor } from './ChartBlockEditor.tsx';
import { ChartView } from './ChartView.tsx';

let counter = 0;
const newId = () => `b${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A dashboard: its charts, and an edit mode (name, blocks) saved to /metadata. */
export function DashboardView({ dashboard, startEditing = false }: { dashboard: Dashboard | null; startEditing?: boolean }) {
  const { t } = useTranslation('dashboards');
  const objects = useObjects().data ?? [];
  const navigate = useNavigate();
  const [editing, setEditing] = useState(startEditing || !dashboard);
  const [name, setName] = useState(dashboard?.name ?? '');
  const [blocks, setBlocks] = useState<ChartBlock[]>(dashboard?.blocks ?? []);
  const save = useSaveDashboard();
  const remove = useDeleteDashboard();
  const shown = editing ? blocks : dashboard?.blocks ?? [];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({ id: dashboard?.id, name, blocks }, { onSuccess: (d) => { setEditing(false); if (!dashboard) navigate(`/dashboards/${d.id}`); } });
  };

  return (
    <div className="dashboard">
      {editing ? (
        <form onSubmit={submit} aria-label={t('editor.formLabel')}>
          <div className="form-row">
            <label htmlFor="dashboard-name">{t('editor.name')}</label>
            <input id="dashboard-name" value={name} required onChange={(e) => setName(e.target.value)} />
          </div>
          {blocks.map((b, i) => (
            <ChartBlockEditor key={b.id} index={i} value={b} objects={objects}
              onChange={(next) => setBlocks(blocks.map((x) => (x.id === b.id ? next : x)))} onRemove={() => setBlocks(blocks.filter((x) => x.id !== b.id))} />
          ))}
          <div className="toolbar">
            <button type="button" disabled={objects.length === 0}
              onClick={() => setBlocks([...blocks, { id: newId(), type: 'chart', object: objects[0].name, measure: { fn: 'count' }, chart: 'bar' }])}>{t('editor.addChart')}</button>
            <button type="submit" className="primary" disabled={save.isPending}>{t('editor.save')}</button>
            {dashboard && <button type="button" onClick={() => { setEditing(false); setBlocks(dashboard.blocks); setName(dashboard.name); }}>{t('editor.cancel')}</button>}
          </div>
          <FormError error={save.error} />
        </form>
      ) : (
        <div className="toolbar">
          <h1>{dashboard?.name}</h1>
          <button type="button" onClick={() => setEditing(true)}>{t('edit')}</button>
          <button type="button" className="danger" onClick={() => dashboard && window.confirm(t('confirmDelete', { name: dashboard.name })) && remove.mutate(dashboard.id, { onSuccess: () => navigate('/dashboards') })}>
            {t('delete', { name: dashboard?.name })}
          </button>
          <FormError error={remove.error} />
        </div>
      )}
      <h2 className={editing ? undefined : 'visually-hidden'}>{t('preview')}</h2>
      <div className="dashboard-grid">
        {shown.map((b) => {
          const object = objects.find((o) => o.name === b.object);
          return object ? <ChartView key={`${b.id}:${JSON.stringify(b)}`} block={b} object={object} /> : null;
        })}
      </div>
    </div>
  );
}
