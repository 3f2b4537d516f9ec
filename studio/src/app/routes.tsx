import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../api/session.tsx';
import { SignInPage } from '../auth/SignInPage.tsx';
import { HomePage } from './HomePage.tsx';
import { Shell } from './Shell.tsx';
import { RecordListPage } from '../records/RecordListPage.tsx';
import { RecordPage } from '../records/RecordPage.tsx';
import { NewRecordPage } from '../records/NewRecordPage.tsx';
import { ObjectsPage } from '../setup/objects/ObjectsPage.tsx';
import { ObjectDetailPage } from '../setup/objects/ObjectDetailPage.tsx';

// Pages with heavy libraries (the code editor, charts) load on first visit.
const ScriptsPage = lazy(() => import('../setup/scripts/ScriptsPage.tsx').then((m) => ({ default: m.ScriptsPage })));
const UsersPage = lazy(() => import('../setup/security/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('../setup/security/RolesPage.tsx').then((m) => ({ default: m.RolesPage })));
const AuditTrailPage = lazy(() => import('../setup/audit/AuditTrailPage.tsx').then((m) => ({ default: m.AuditTrailPage })));
const PluginPage = lazy(() => import('../plugins/PluginPage.tsx').then((m) => ({ default: m.PluginPage })));
const DashboardsPage = lazy(() => import('../dashboards/DashboardsPage.tsx').then((m) => ({ default: m.DashboardsPage })));

function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}

/** Pages behind sign-in: an anonymous visitor goes to /signin and comes back after. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!session) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/**
 * The studio's addresses (a contract for outside tests): `/o/<object>` lists records,
 * `/o/<object>/<id>` shows one, `/setup/objects` is the object manager, `/setup/audit` the setup audit trail, `/x/<plugin>/<page>` a plugin's page.
 */
export function AppRoutes() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route element={<RequireSession><Shell /></RequireSession>}>
        <Route index element={<HomePage />} />
        <Route path="o/:object" element={<RecordListPage />} />
        <Route path="o/:object/new" element={<NewRecordPage />} />
        <Route path="o/:object/:id" element={<RecordPage />} />
        <Route path="setup/objects" element={<ObjectsPage />} />
        <Route path="setup/objects/:object" element={<ObjectDetailPage />} />
        <Route path="setup/scripts" element={<Suspense fallback={<Loading />}><ScriptsPage /></Suspense>} />
        <Route path="setup/users" element={<Suspense fallback={<Loading />}><UsersPage /></Suspense>} />
        <Route path="setup/roles" element={<Suspense fallback={<Loading />}><RolesPage /></Suspense>} />
        <Route path="setup/audit" element={<Suspense fallback={<Loading />}><AuditTrailPage /></Suspense>} />
        <Route path="x/:plugin/:page" element={<Suspense fallback={<Loading />}><PluginPage /></Suspense>} />
        <Route path="dashboards/*" element={<Suspense fallback={<Loading />}><DashboardsPage /></Suspense>} />
        <Route path="*" element={<p>{t('notFound')}</p>} />
      </Route>
    </Routes>
  );
}
