import { Alert, Button, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/graphql.ts';
import { FormCheckbox } from '../ui/design/form-controls.tsx';
import { FormError } from '../ui/FieldError.tsx';
import { useInstall, useUninstall, useUpgrade, type PackageConflict, type PackagePlan } from './api.ts';
import { Conflicts, OverridesTable, PlanChanges } from './PlanChanges.tsx';

export type Mode = 'install' | 'upgrade' | 'uninstall';
interface Values { acknowledge: boolean; sampleData: boolean; allowDestructive: boolean }

/** The conflicts a refused run carries (`CONFLICT` with `extensions.conflicts`), when it does. */
function refusedConflicts(error: unknown): PackageConflict[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.flatMap((e) => (Array.isArray(e.extensions?.conflicts) ? e.extensions.conflicts as PackageConflict[] : []));
}

/** The installed packages a step was refused for (`CONFLICT` with `extensions.dependants`): they depend on the package (an uninstall), or on a range the upgrade leaves. */
function dependantsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.flatMap((e) => (Array.isArray(e.extensions?.dependants) ? (e.extensions.dependants as { name: string }[]).map((d) => d.name) : []));
}

/**
 * The review before a lifecycle step, in a dialog: first the dry-run plan (what is installed first,
 * changes by kind with destructive ones highlighted, conflicts that block, the rights to acknowledge,
 * the subscriber's changes an upgrade keeps), then the run itself and its outcome. Refusals are shown
 * as the server gave them (ApiError), with the conflicts it listed.
 */
export function PlanReview({ mode, name, version, label, sampleData = false, onClose }: { mode: Mode; name: string; version: string; label: string; sampleData?: boolean; onClose: () => void }) {
  const { t } = useTranslation('packages');
  // Two of each verb: the dry run's plan stays on screen while the real run goes.
  const dryRuns = { install: useInstall(), upgrade: useUpgrade(), uninstall: useUninstall() };
  const runs = { install: useInstall(), upgrade: useUpgrade(), uninstall: useUninstall() };
  const dry = dryRuns[mode];
  const real = runs[mode];
  const { control, handleSubmit, watch } = useForm<Values>({ defaultValues: { acknowledge: false, sampleData: false, allowDestructive: false } });
  const run = (dryRun: boolean, v?: Values) => {
    const verbs = dryRun ? dryRuns : runs;
    if (mode === 'install') verbs.install.mutate({ name, version, dryRun, sampleData: v?.sampleData });
    else if (mode === 'upgrade') verbs.upgrade.mutate({ name, version, dryRun, allowDestructive: v?.allowDestructive });
    else verbs.uninstall.mutate({ name, dryRun });
  };
  // The plan is asked for once, when the dialog opens (the dialog is mounted per package and verb);
  // "Add sample data" is offered when the listing says the package ships some (`sampleData`).
  useEffect(() => run(true), []); // eslint-disable-line react-hooks/exhaustive-deps
  const plan = dry.data as PackagePlan | undefined;
  const outcome = real.data as PackagePlan | undefined;
  const destructive = plan?.changes.some((c) => c.destructive) ?? false;
  const needs = {
    acknowledge: mode === 'install' && (plan?.rights.length ?? 0) > 0,
    allowDestructive: mode === 'upgrade' && destructive,
  };
  const ready = !!plan && !plan.conflicts.length && (!needs.acknowledge || watch('acknowledge')) && (!needs.allowDestructive || watch('allowDestructive'));
  const title = t(`review.${mode}`, { name: label, version, from: plan?.from ?? '' });
  const conflicts = refusedConflicts(real.error);
  const dependants = dependantsOf(real.error);
  const verb = t(mode);
  return (
    <Modal open title={title} onCancel={onClose} width={760} mask={{ closable: false }} destroyOnHidden
      footer={outcome ? <Button type="primary" onClick={onClose}>{t('close')}</Button> : (
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" danger={mode === 'uninstall'} form="package-review" htmlType="submit" disabled={!ready || real.isPending} loading={real.isPending}>{verb}</Button>
        </Space>
      )}>
      {dry.isPending && <div role="status"><Spin size="small" /> {t('planning')}</div>}
      <FormError error={dry.error} />
      {dependantsOf(dry.error).length > 0 && <Typography.Paragraph type="danger" role="alert">{t(`dependants.${mode}`, { names: dependantsOf(dry.error).join(', ') })}</Typography.Paragraph>}
      {outcome ? (
        <Alert type="success" showIcon role="status" title={t(`done.${mode}`, { name: label, version: outcome.version })}
          description={mode === 'install' && outcome.install.length > 1 ? outcome.install.map((p) => `${p.name} ${p.version}`).join(' → ') : undefined} />
      ) : plan && (
        <form id="package-review" aria-label={title} onSubmit={handleSubmit((v) => run(false, v))}>
          {real.isPending && <div role="status"><Spin size="small" /> {t('running')}</div>}
          {real.error !== null && (
            <div role="alert" className="package-refused">
              <FormError error={real.error} />
              {dependants.length > 0 && <Typography.Paragraph type="danger">{t(`dependants.${mode}`, { names: dependants.join(', ') })}</Typography.Paragraph>}
              <Conflicts conflicts={conflicts} />
            </div>
          )}
          <Conflicts conflicts={plan.conflicts} />
          {mode === 'install' && plan.install.length > 0 && (
            <section aria-label={t('order')}>
              <Typography.Title level={2} className="package-heading">{t('order')}</Typography.Title>
              <ol className="package-order">{plan.install.map((p) => <li key={p.name}><Typography.Text strong>{p.name}</Typography.Text> <Tag>{p.version}</Tag></li>)}</ol>
            </section>
          )}
          {mode === 'uninstall' && <Alert type="warning" showIcon title={t('uninstallNote')} />}
          <PlanChanges plan={plan} />
          {mode === 'upgrade' && plan.kept.length > 0 && (
            <section aria-label={t('kept')}>
              <Typography.Title level={2} className="package-heading">{t('kept')}</Typography.Title>
              <OverridesTable overrides={plan.kept} label={t('kept')} />
            </section>
          )}
          {mode === 'install' && (
            <section aria-label={t('rightsAsked')}>
              <Typography.Title level={2} className="package-heading">{t('rightsAsked')}</Typography.Title>
              {plan.rights.length ? <Space wrap>{plan.rights.map((r) => <Tag key={r} color="orange">{r}</Tag>)}</Space> : <Typography.Text type="secondary">{t('noRights')}</Typography.Text>}
              {needs.acknowledge && <div className="form-row"><FormCheckbox control={control} name="acknowledge" id="package-acknowledge">{t('acknowledge')}</FormCheckbox></div>}
              {sampleData && <div className="form-row"><FormCheckbox control={control} name="sampleData" id="package-sample-data">{t('sampleData')}</FormCheckbox></div>}
            </section>
          )}
          {needs.allowDestructive && <div className="form-row"><FormCheckbox control={control} name="allowDestructive" id="package-allow-destructive">{t('allowDestructive')}</FormCheckbox></div>}
        </form>
      )}
    </Modal>
  );
}
