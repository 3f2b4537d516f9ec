import { useTranslation } from 'react-i18next';
import { usePlugins } from '../plugins/api.ts';

/**
 * The navigation entries of the runtime's screens, shown when their plugin is installed: the
 * approvals inbox beside plugins' apps; under Setup the designers of workflows and approval flows and the
 * workflow run history. (First load: keep small.)
 */
export function useRuntimeNav(): { apps: { to: string; label: string }[]; setup: { to: string; label: string }[] } {
  const { t } = useTranslation();
  const installed = new Set((usePlugins().data ?? []).map((p) => p.name));
  return {
    apps: installed.has('approvals') ? [{ to: '/approvals', label: t('nav.approvals') }] : [],
    setup: [
      ...(installed.has('workflows') ? [{ to: '/setup/workflows', label: t('processes:nav.workflows') }] : []),
      ...(installed.has('approvals') ? [{ to: '/setup/approval-flows', label: t('processes:nav.approvalFlows') }] : []),
      ...(installed.has('workflows') ? [{ to: '/setup/workflow-runs', label: t('nav.workflowRuns') }] : []),
      ...(installed.has('conversions') ? [{ to: '/setup/conversions', label: t('crm:setup.nav') }] : []),
    ],
  };
}
