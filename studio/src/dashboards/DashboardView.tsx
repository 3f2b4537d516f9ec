import { Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { PlusOutlined } from '../ui/design/icons.tsx';
import { useConfirm } from '../ui/design/useConfirm.ts';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useObjects } from '../api/metadata.ts';
import { FormError } from '../ui/FieldError.tsx';
import { useDeleteDashboard, useSaveDashboard, type ChartBlock, type Dashboard, type DashboardBlock } from './api.ts';
import { ForecastBlockView, FunnelBlockView, type ForecastBlock, type FunnelBlock } from '../analytics/blocks.tsx';
import { ForecastBlockEditor, FunnelBlockEditor, newForecastBlock, newFunnelBlock } from '../analytics/BlockEditors.tsx';
import { ChartBlockEditor } from './ChartBlockEditor.tsx';
import { ChartView } from './ChartView.tsx';

let counter = 0;
const newId = () => `b${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A dashboard: its charts, and an edit mode (name, blocks) saved to /metadata. */
export function DashboardView({ dashboard, startEditing = false }: { dashboard: Dashboard | null; startEditing?: boolean }) {
  const { t } = useTranslation('dashboards');
  const { t: ta } = useTranslation('analytics');
  const objects = useObjects().data ?? [];
  const navigate = useNavigate();
  const [editing, setEditing] = useState(startEditing || !dashboard);
  const [name, setName] = useState(dashboard?.name ?? '');
  const [blocks, setBlocks] = useState<DashboardBlock[]>(dashboard?.blocks ?? []);
  const save = useSaveDashboard();
  const remove = useDeleteDashboard();
  const confirm = useConfirm();
  const shown = editing ? blocks : dashboard?.blocks ?? [];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({ id: dashboard?.id, name, blocks }, { onSuccess: (d) => { setEditing(false); if (!dashboard) navigate(`/dashboards/${d.id}`); } });
  };

  return (
    <div className="dashboard">
      {editing ? (
        <form onSubmit={submit} aria-label={t('editor.formLabel')}>
          <div className="form-row narrow">
            <label htmlFor="dashboard-name">{t('editor.name')}</label>
            <Input id="dashboard-name" value={name} required onChange={(e) => setName(e.target.value)} />
          </div>
          {blocks.map((b, i) => {
            const replace = (next: DashboardBlock) => setBlocks(blocks.map((x) => (x.id === b.id ? next : x)));
            const remove = () => setBlocks(blocks.filter((x) => x.id !== b.id));
            if (b.type === 'funnel') return <FunnelBlockEditor key={b.id} index={i} value={b} objects={objects} onChange={(next: FunnelBlock) => replace(next)} onRemove={remove} />;
            if (b.type === 'forecast') return <ForecastBlockEditor key={b.id} index={i} value={b} objects={objects} onChange={(next: ForecastBlock) => replace(next)} onRemove={remove} />;
            return <ChartBlockEditor key={b.id} index={i} value={b} objects={objects} onChange={(next: ChartBlock) => replace(next)} onRemove={remove} />;
          })}
          <div className="toolbar">
            <Button icon={<PlusOutlined />} disabled={objects.length === 0}
              onClick={() => setBlocks([...blocks, { id: newId(), type: 'chart', object: objects[0].name, measure: { fn: 'count' }, chart: 'bar' }])}>{t('editor.addChart')}</Button>
            <Button icon={<PlusOutlined />} disabled={!newFunnelBlock('', objects)} onClick={() => setBlocks([...blocks, newFunnelBlock(newId(), objects)!])}>{ta('blocks.addFunnel')}</Button>
            <Button icon={<PlusOutlined />} disabled={!newForecastBlock('', objects)} onClick={() => setBlocks([...blocks, newForecastBlock(newId(), objects)!])}>{ta('blocks.addForecast')}</Button>
            <Button type="primary" htmlType="submit" loading={save.isPending}>{t('editor.save')}</Button>
            {dashboard && <Button onClick={() => { setEditing(false); setBlocks(dashboard.blocks); setName(dashboard.name); }}>{t('editor.cancel')}</Button>}
          </div>
          <FormError error={save.error} />
        </form>
      ) : (
        <div className="list-header">
          <Typography.Title level={1}>{dashboard?.name}</Typography.Title>
          <Space wrap>
            <Button onClick={() => setEditing(true)}>{t('edit')}</Button>
            <Button danger onClick={() => dashboard && confirm({ title: t('confirmDelete', { name: dashboard.name }), okText: t('delete', { name: dashboard.name }), onOk: () => remove.mutate(dashboard.id, { onSuccess: () => navigate('/dashboards') }) })}>
              {t('delete', { name: dashboard?.name })}
            </Button>
          </Space>
          <FormError error={remove.error} />
        </div>
      )}
      <h2 className={editing ? undefined : 'visually-hidden'}>{t('preview')}</h2>
      <div className="dashboard-grid">
        {shown.map((b) => {
          const object = objects.find((o) => o.name === b.object);
          if (!object) return null;
          const key = `${b.id}:${JSON.stringify(b)}`;
          if (b.type === 'funnel') return <FunnelBlockView key={key} block={b} object={object} />;
          if (b.type === 'forecast') return <ForecastBlockView key={key} block={b} object={object} />;
          return <ChartView key={key} block={b} object={object} />;
        })}
      </div>
    </div>
  );
}
