import '../ui/admin.css';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import { FormError } from '../ui/FieldError.tsx';
import { useDashboards } from './api.ts';
import { DashboardView } from './DashboardView.tsx';

function DashboardList() {
  const { t } = useTranslation('dashboards');
  const dashboards = useDashboards();
  return (
    <div>
      <h1>{t('title')}</h1>
      <FormError error={dashboards.error} />
      {dashboards.data?.length === 0 && <p className="hint">{t('empty')}</p>}
      <ul className="card-list">
        {(dashboards.data ?? []).map((d) => <li key={d.id}><Link to={`/dashboards/${d.id}`}>{d.name}</Link><p className="hint">{t('charts', { count: d.blocks.length })}</p></li>)}
      </ul>
      <Link className="button primary" to="/dashboards/new">{t('new')}</Link>
    </div>
  );
}

function DashboardRoute() {
  const { t } = useTranslation('dashboards');
  const { id } = useParams();
  const dashboards = useDashboards();
  if (id === 'new') return <><h1>{t('newTitle')}</h1><DashboardView dashboard={null} /></>;
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
