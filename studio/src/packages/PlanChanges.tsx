import { Alert, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PackageConflict, PackageOverride, PackagePlan } from './api.ts';
import { componentHref, countByAction, groupByKind, kindKey, valueText } from './plan.ts';

const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red' };

/** A kind's name in the UI language (the engine's own name when the studio has none for it). */
export function useKindLabel(): (kind: string) => string {
  const { t } = useTranslation('packages');
  return (kind) => t(`kinds.${kindKey(kind)}`, { defaultValue: kind });
}

/** A component's name, a link to the page that edits it when there is one. */
export function ComponentName({ kind, name }: { kind: string; name: string }) {
  const href = componentHref(kind, name);
  return href ? <Link to={href}>{name}</Link> : <Typography.Text code>{name}</Typography.Text>;
}

/** The plan's changes grouped by kind, each with its action; destructive ones highlighted. */
export function PlanChanges({ plan }: { plan: PackagePlan }) {
  const { t } = useTranslation('packages');
  const kindLabel = useKindLabel();
  const groups = groupByKind(plan.changes);
  if (!groups.length) return <Typography.Paragraph>{t('noChanges')}</Typography.Paragraph>;
  return (
    <section aria-label={t('changes')} className="package-changes">
      <Typography.Title level={2} className="package-heading">{t('changes')}</Typography.Title>
      {groups.map((g) => (
        <div key={g.kind} className="package-change-group">
          <Typography.Title level={3} className="package-subheading">
            {kindLabel(g.kind)}{' '}
            <Typography.Text type="secondary">({Object.entries(countByAction(g.changes)).map(([a, n]) => `${t(`action.${a}`, { defaultValue: a })} ${n}`).join(', ')})</Typography.Text>
          </Typography.Title>
          <ul aria-label={kindLabel(g.kind)}>
            {g.changes.map((c, i) => (
              <li key={`${c.action}:${c.name}:${i}`} data-destructive={c.destructive || undefined} className={c.destructive ? 'package-change-destructive' : undefined}>
                <Tag color={ACTION_COLORS[c.action]}>{t(`action.${c.action}`, { defaultValue: c.action })}</Tag>
                <Typography.Text code>{c.name}</Typography.Text>
                {c.destructive && <Tag color="red">{t('destructive')}</Tag>}
                {c.detail && <Typography.Text type="secondary"> {c.detail}</Typography.Text>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Conflicts: components that exist unowned or belong to another package. They block the run. */
export function Conflicts({ conflicts }: { conflicts: PackageConflict[] }) {
  const { t } = useTranslation('packages');
  const kindLabel = useKindLabel();
  if (!conflicts.length) return null;
  return (
    <Alert type="error" showIcon role="alert" className="package-conflicts" title={t('conflicts')}
      description={(
        <ul aria-label={t('conflicts')}>
          {conflicts.map((c, i) => (
            <li key={`${c.pointer}:${i}`}>
              {kindLabel(c.kind)} <Typography.Text code>{c.name}</Typography.Text>: {c.message} <Typography.Text type="secondary">({c.pointer})</Typography.Text>
            </li>
          ))}
        </ul>
      )} />
  );
}

/** Subscriber overrides: where, the package's value, the subscriber's value. */
export function OverridesTable({ overrides, label }: { overrides: PackageOverride[]; label: string }) {
  const { t } = useTranslation('packages');
  const kindLabel = useKindLabel();
  return (
    <Table<PackageOverride> size="small" pagination={false} aria-label={label} rowKey={(o) => `${o.kind}:${o.name}:${o.pointer}`} dataSource={overrides}
      locale={{ emptyText: t('noOverrides') }}
      columns={[
        { key: 'component', title: t('component'), render: (_, o) => <>{kindLabel(o.kind)} <ComponentName kind={o.kind} name={o.name} /></> },
        { key: 'pointer', title: t('pointer'), render: (_, o) => <Typography.Text code>{o.pointer}</Typography.Text> },
        { key: 'packageValue', title: t('packageValue'), render: (_, o) => valueText(o.packageValue) },
        { key: 'value', title: t('yourValue'), render: (_, o) => valueText(o.value) },
      ]} />
  );
}
