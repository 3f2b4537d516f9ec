import { useTranslation } from 'react-i18next';
import { usePlugins } from '../plugins/api.ts';

/**
 * The navigation entries of the runtime's screens, shown when their plugin is installed: the
 * approvals inbox beside plugins' apps, the workflow run history under Setup. (First load: keep small.)
 */
export function useRuntimeNav(): { apps: { to: string; label: string }[]; setup: { to: string; label: string }[] } {
  const { t } = useTranslation();
  const installed = new Set((usePlugins().data ?? []).map((p) => p.name));
  return {
    apps: installed.has('approvals') ? [{ to: '/approvals', label: t('nav.approvals') }] : [],
    setup: installed.has('workflows') ? [{ to: '/setup/workflow-runs', label: t('nav.workflowRuns') }] : [],
  };
}
