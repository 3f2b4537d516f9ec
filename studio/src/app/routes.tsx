import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../api/session.tsx';
import { SignInPage } from '../auth/SignInPage.tsx';
import { HomePage } from './HomePage.tsx';
import { Shell } from './Shell.tsx';

/**
 * Every page but sign-in and home loads on first visit: the first load carries the shell and the
 * design system's core only (the budget is measured by `npm run bench`, suite studioBundle).
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType<object>>>, name: K) {
  const Page = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
  return function LazyPage() {
    return <Suspense fallback={<Loading />}><Page /></Suspense>;
  };
}

const RecordListPage = page(() => import('../records/RecordListPage.tsx'), 'RecordListPage');
const RecordPage = page(() => import('../records/RecordPage.tsx'), 'RecordPage');
const BoardPage = page(() => import('../records/board/BoardPage.tsx'), 'BoardPage');
const MergePage = page(() => import('../records/duplicates/MergePage.tsx'), 'MergePage');
const ImportPage = page(() => import('../imports/ImportPage.tsx'), 'ImportPage');
const NewRecordPage = page(() => import('../records/NewRecordPage.tsx'), 'NewRecordPage');
const ObjectsPage = page(() => import('../setup/objects/ObjectsPage.tsx'), 'ObjectsPage');
const ObjectDetailPage = page(() => import('../setup/objects/ObjectDetailPage.tsx'), 'ObjectDetailPage');
const ScriptsPage = page(() => import('../setup/scripts/ScriptsPage.tsx'), 'ScriptsPage');
const UsersPage = page(() => import('../setup/security/UsersPage.tsx'), 'UsersPage');
const RolesPage = page(() => import('../setup/security/RolesPage.tsx'), 'RolesPage');
const AuditTrailPage = page(() => import('../setup/audit/AuditTrailPage.tsx'), 'AuditTrailPage');
const PluginPage = page(() => import('../plugins/PluginPage.tsx'), 'PluginPage');
const PoolsPage = page(() => import('../pools/PoolsPage.tsx'), 'PoolsPage');
const PoolEditorPage = page(() => import('../pools/PoolEditorPage.tsx'), 'PoolEditorPage');
const AssignmentRulesPage = page(() => import('../assignment/AssignmentRulesPage.tsx'), 'AssignmentRulesPage');
const DashboardsPage = page(() => import('../dashboards/DashboardsPage.tsx'), 'DashboardsPage');
const InboxPage = page(() => import('../approvals/InboxPage.tsx'), 'InboxPage');
const RunsPage = page(() => import('../workflows/RunsPage.tsx'), 'RunsPage');
const WorkflowsPage = page(() => import('../setup/processes/ProcessListPage.tsx'), 'WorkflowsPage');
const ApprovalFlowsPage = page(() => import('../setup/processes/ProcessListPage.tsx'), 'ApprovalFlowsPage');
const WorkflowDesignerPage = page(() => import('../setup/processes/DesignerPage.tsx'), 'WorkflowDesignerPage');
const ConversionsPage = page(() => import('../crm/ConversionsPage.tsx'), 'ConversionsPage');
const ScoringRulesPage = page(() => import('../scoring/ScoringRulesPage.tsx'), 'ScoringRulesPage');
const WebFormsPage = page(() => import('../webforms/WebFormsPage.tsx'), 'WebFormsPage');
const WebhooksPage = page(() => import('../webhooks/WebhooksPage.tsx'), 'WebhooksPage');
const ApprovalFlowDesignerPage = page(() => import('../setup/processes/DesignerPage.tsx'), 'ApprovalFlowDesignerPage');
const PackagesPage = page(() => import('../packages/PackagesPage.tsx'), 'PackagesPage');
const FunnelPage = page(() => import('../analytics/FunnelPage.tsx'), 'FunnelPage');
const ForecastPage = page(() => import('../analytics/ForecastPage.tsx'), 'ForecastPage');

function Loading() {
  const { t } = useTranslation();
  return <div role="status"><Spin size="small" /> {t('loading')}</div>;
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
 * `/o/<object>/<id>` shows one, `/o/<object>/board` is its kanban board, `/o/<object>/import` the import wizard, `/o/<object>/merge?ids=a,b` merges duplicates, `/setup/objects` is the object manager, `/setup/audit` the setup audit trail, `/approvals` the approvals inbox (`?tab=pending|submitted|cc|done`), `/setup/workflow-runs` the workflow run history, `/setup/conversions` the conversions editor, `/setup/scoring` the scoring rule editor, `/setup/webforms` the web forms editor (with each form's snippet), `/setup/webhooks` the outbound webhooks and their delivery logs, `/setup/workflows(/<name>|/new)` and `/setup/approval-flows(/<name>|/new)` the designers, `/x/pools/pools/<object>` the lead pools (public pools, my private pool), `/setup/pools` the pool editor, `/setup/assignment` the dispatch and assignment rule editors, `/setup/packages` the template and app gallery (`?tab=installed`: installed packages), `/x/<plugin>/<page>` a plugin's page, `/reports/funnel` and `/reports/forecast` the funnel and forecast reports.
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
        <Route path="o/:object/import" element={<ImportPage />} />
        <Route path="o/:object/board" element={<BoardPage />} />
        <Route path="o/:object/merge" element={<MergePage />} />
        <Route path="o/:object/:id" element={<RecordPage />} />
        <Route path="setup/objects" element={<ObjectsPage />} />
        <Route path="setup/objects/:object" element={<ObjectDetailPage />} />
        <Route path="setup/scripts" element={<ScriptsPage />} />
        <Route path="setup/users" element={<UsersPage />} />
        <Route path="setup/roles" element={<RolesPage />} />
        <Route path="setup/audit" element={<AuditTrailPage />} />
        <Route path="setup/workflow-runs" element={<RunsPage />} />
        <Route path="approvals" element={<InboxPage />} />
        <Route path="setup/workflows" element={<WorkflowsPage />} />
        <Route path="setup/conversions" element={<ConversionsPage />} />
        <Route path="setup/scoring" element={<ScoringRulesPage />} />
        <Route path="setup/webforms" element={<WebFormsPage />} />
        <Route path="setup/webhooks" element={<WebhooksPage />} />
        <Route path="setup/workflows/:name" element={<WorkflowDesignerPage />} />
        <Route path="setup/approval-flows" element={<ApprovalFlowsPage />} />
        <Route path="setup/approval-flows/:name" element={<ApprovalFlowDesignerPage />} />
        <Route path="setup/pools" element={<PoolEditorPage />} />
        <Route path="setup/assignment" element={<AssignmentRulesPage />} />
        <Route path="setup/packages" element={<PackagesPage />} />
        <Route path="x/pools/pools/:object?" element={<PoolsPage />} />
        <Route path="x/:plugin/:page" element={<PluginPage />} />
        <Route path="dashboards/*" element={<DashboardsPage />} />
        <Route path="reports/funnel" element={<FunnelPage />} />
        <Route path="reports/forecast" element={<ForecastPage />} />
        <Route path="*" element={<p>{t('notFound')}</p>} />
      </Route>
    </Routes>
  );
}
