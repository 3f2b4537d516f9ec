import '../ui/admin.css';
import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../ui/design/ButtonLink.tsx';
import { PlusOutlined } from '../ui/design/icons.tsx';
import { Link, Route, Routes, useParams } from 'react-router';
import { FormError } from '../ui/FieldError.tsx';
import { useDashboards } from './api.ts';
import { DashboardView } from './DashboardView.tsx';

function DashboardList() {
  const { t } = useTranslation('dashboards');
  const dashboards = useDashboards();
  return (
    <div className="stack">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <FormError error={dashboards.error} />
      {dashboards.data?.length === 0 && <Empty description={t('empty')} />}
      <div className="card-list">
        {(dashboards.data ?? []).map((d) => (
          <Card key={d.id} size="small" title={<Link to={`/dashboards/${d.id}`}>{d.name}</Link>}>
            <Typography.Text type="secondary">{t('charts', { count: d.blocks.length })}</Typography.Text>
          </Card>
        ))}
      </div>
      <div><ButtonLink type="primary" icon={<PlusOutlined />} to="/dashboards/new">{t('new')}</ButtonLink></div>
    </div>
  );
}

function DashboardRoute() {
  const { t } = useTranslation('dashboards');
  const { id } = useParams();
  const dashboards = useDashboards();
  if (id === 'new') return <><Typography.Title level={1}>{t('newTitle')}</Typography.Title><DashboardView dashboard={null} /></>;
  if (dashboards.isLoading) return <p role="status">{t('loading')}</p>;
  const dashboard = dashboards.data?.find((d) => d.id === id);
  if (!dashboard) return <p>{t('notFound')}</p>;
  return <DashboardView key={dashboard.id + dashboard.updatedAt} dashboard={dashboard} />;
}

/** `/dashboards` lists them; `/dashboards/new` creates one; `/dashboards/:id` shows (and edits) one. */
export function DashboardsPage() {
  return (
    <Routes>
      <Route index element={<DashboardList />} />
      <Route path=":id" element={<DashboardRoute />} />
    </Routes>
  );
}
