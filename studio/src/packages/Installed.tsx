import { Button, Card, Collapse, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../ui/FieldError.tsx';
import { useInstalled, useUserNames, type InstalledPackage } from './api.ts';
import { ComponentName, OverridesTable, useKindLabel } from './PlanChanges.tsx';
import { PlanReview, type Mode } from './PlanReview.tsx';
import { localized } from './plan.ts';

/** A package's components by kind, each linking to the page that edits it. */
function Components({ pkg }: { pkg: InstalledPackage }) {
  const { t } = useTranslation('packages');
  const kindLabel = useKindLabel();
  const byKind = new Map<string, string[]>();
  for (const c of pkg.components) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.name]);
  if (!byKind.size) return <Typography.Text type="secondary">{t('noComponents')}</Typography.Text>;
  return (
    <dl className="package-components">
      {[...byKind].map(([kind, names]) => (
        <div key={kind}>
          <dt>{kindLabel(kind)} ({names.length})</dt>
          <dd><Space wrap size={[12, 4]}>{names.map((n) => <ComponentName key={n} kind={kind} name={n} />)}</Space></dd>
        </div>
      ))}
    </dl>
  );
}

/** One installed package: version, source, who installed it and when, upgrade available, its components and what the subscriber overrode. */
function InstalledCard({ pkg, installer, onAct }: { pkg: InstalledPackage; installer: string | undefined; onAct: (mode: Mode) => void }) {
  const { t, i18n } = useTranslation('packages');
  const label = localized(pkg.label, i18n.language, pkg.name);
  const upgradable = !!pkg.latest && pkg.latest !== pkg.version;
  return (
    <Card role="region" aria-label={label} className="package-card"
      title={<span>{label} <Tag>{pkg.version}</Tag> {upgradable ? <Tag color="gold">{t('upgradeAvailable', { version: pkg.latest })}</Tag> : <Tag color="green">{t('upToDate')}</Tag>}</span>}
      extra={(
        <Space>
          {upgradable && <Button type="primary" aria-label={t('upgradeName', { name: label })} onClick={() => onAct('upgrade')}>{t('upgrade')}</Button>}
          <Button danger aria-label={t('uninstallName', { name: label })} onClick={() => onAct('uninstall')}>{t('uninstall')}</Button>
        </Space>
      )}>
      <dl className="package-facts">
        <dt>{t('name')}</dt><dd><Typography.Text code>{pkg.name}</Typography.Text></dd>
        <dt>{t('source')}</dt><dd>{t(pkg.source === 'BUNDLED' ? 'bundled' : 'registry')}</dd>
        <dt>{t('installedBy')}</dt><dd>{installer ?? pkg.installedBy ?? '—'}</dd>
        <dt>{t('installedAt')}</dt><dd>{pkg.installedAt ? new Date(pkg.installedAt).toLocaleString(i18n.language) : '—'}</dd>
        <dt>{t('rights')}</dt><dd>{pkg.rights.length ? pkg.rights.join(', ') : t('noRights')}</dd>
      </dl>
      <Collapse size="small" items={[
        { key: 'components', label: `${t('components')} (${pkg.components.length})`, children: <Components pkg={pkg} /> },
        { key: 'overrides', label: `${t('overrides')} (${pkg.overrides.length})`, children: <OverridesTable overrides={pkg.overrides} label={`${t('overrides')}: ${label}`} /> },
      ]} />
    </Card>
  );
}

/** The tenant's installed packages, dependencies first, with Upgrade (when a newer version exists) and Uninstall. */
export function Installed() {
  const { t, i18n } = useTranslation('packages');
  const installed = useInstalled();
  const users = useUserNames((installed.data ?? []).flatMap((p) => (p.installedBy ? [p.installedBy] : []))).data;
  const [acting, setActing] = useState<{ pkg: InstalledPackage; mode: Mode } | null>(null);
  return (
    <div className="package-installed">
      <FormError error={installed.error} />
      {installed.data && !installed.data.length && <Empty description={t('noneInstalled')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(installed.data ?? []).map((p) => <InstalledCard key={p.name} pkg={p} installer={p.installedBy ? users?.get(p.installedBy) : undefined} onAct={(mode) => setActing({ pkg: p, mode })} />)}
      </Space>
      {acting && (
        <PlanReview key={`${acting.mode}:${acting.pkg.name}`} mode={acting.mode} name={acting.pkg.name}
          version={acting.mode === 'upgrade' ? acting.pkg.latest! : acting.pkg.version}
          label={localized(acting.pkg.label, i18n.language, acting.pkg.name)} onClose={() => setActing(null)} />
      )}
    </div>
  );
}
