import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metadataApi } from '../api/graphql.ts';
import { usePlugins } from './api.ts';

/** The admin capabilities of the signed-in user (`me { capabilities }`: an administrator holds them all). */
export function useCapabilities(): Set<string> {
  const me = useQuery({
    queryKey: ['me', 'capabilities'],
    queryFn: async () => (await metadataApi<{ me: { capabilities: string[] | null } }>('{ me { capabilities } }')).me.capabilities ?? [],
    staleTime: 300_000,
  });
  return new Set(me.data ?? []);
}

/** Whether the signed-in user is an administrator (`me { isAdmin }`); `known` once the answer is in. */
export function useIsAdmin(): { known: boolean; isAdmin: boolean } {
  const me = useQuery({
    queryKey: ['me', 'isAdmin'],
    queryFn: async () => (await metadataApi<{ me: { isAdmin: boolean } }>('{ me { isAdmin } }')).me.isAdmin,
    staleTime: 300_000,
  });
  return { known: me.data !== undefined, isAdmin: me.data === true };
}

/**
 * The navigation entries of the runtime plugins' screens, each shown when its plugin is installed:
 * the approvals inbox beside plugins' apps; under Setup the designers of workflows and approval
 * flows and the editors of pools, conversions, assignment, scoring and webhooks (to those who may change
 * metadata) and the workflow run history (to those who hold
 * `manageWorkflows`: the server refuses `workflowRuns` to others), and to administrators the packages
 * gallery (the package lifecycle is theirs alone). `workflows`: the plugin is
 * installed (its notifications bell is everyone's). (First load: keep small.)
 */
export function useRuntimeNav(): { apps: { to: string; label: string }[]; setup: { to: string; label: string }[]; workflows: boolean } {
  const { t } = useTranslation();
  const installed = new Set((usePlugins().data ?? []).map((p) => p.name));
  const capabilities = useCapabilities();
  const runs = capabilities.has('manageWorkflows');
  const design = capabilities.has('manageMetadata');
  const admin = useIsAdmin().isAdmin;
  return {
    apps: installed.has('approvals') ? [{ to: '/approvals', label: t('nav.approvals') }] : [],
    setup: [
      ...(installed.has('workflows') && design ? [{ to: '/setup/workflows', label: t('processes:nav.workflows') }] : []),
      ...(installed.has('approvals') && design ? [{ to: '/setup/approval-flows', label: t('processes:nav.approvalFlows') }] : []),
      ...(installed.has('workflows') && runs ? [{ to: '/setup/workflow-runs', label: t('nav.workflowRuns') }] : []),
      ...(installed.has('pools') && design ? [{ to: '/setup/pools', label: t('nav.pools') }] : []),
      ...(installed.has('assignment') && design ? [{ to: '/setup/assignment', label: t('nav.assignment') }] : []),
      ...(installed.has('conversions') && design ? [{ to: '/setup/conversions', label: t('crm:setup.nav') }] : []),
      ...(installed.has('scoring') && design ? [{ to: '/setup/scoring', label: t('scoring:nav') }] : []),
      ...(installed.has('webforms') && design ? [{ to: '/setup/webforms', label: t('webforms:nav') }] : []),
      ...(installed.has('webhooks') && design ? [{ to: '/setup/webhooks', label: t('webhooks:nav') }] : []),
      ...(admin ? [{ to: '/setup/packages', label: t('packages:nav') }] : []),
    ],
    workflows: installed.has('workflows'),
  };
}
