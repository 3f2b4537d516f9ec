import { Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../ui/FieldError.tsx';
import { useInstalled, useMarketplace, type Listing } from './api.ts';
import { PlanReview } from './PlanReview.tsx';

/** One package of the marketplace: label and description (in the UI language), publisher, latest version, rights, dependencies. */
function ListingCard({ listing, installed, onInstall }: { listing: Listing; installed: string | undefined; onInstall: () => void }) {
  const { t } = useTranslation('packages');
  const deps = Object.entries(listing.dependencies ?? {});
  return (
    <Card className="package-card" title={<span>{listing.label} {listing.source && <Tag color={listing.source === 'BUNDLED' ? 'geekblue' : 'purple'}>{t(listing.source === 'BUNDLED' ? 'bundled' : 'registry')}</Tag>}</span>}
      role="article" aria-label={listing.label}
      extra={installed
        ? <Tag color="green">{t('installed', { version: installed })}</Tag>
        : <Button type="primary" aria-label={t('installName', { name: listing.label })} onClick={onInstall}>{t('install')}</Button>}>
      {listing.description && <Typography.Paragraph ellipsis={{ rows: 3, tooltip: listing.description }}>{listing.description}</Typography.Paragraph>}
      <dl className="package-facts">
        <dt>{t('name')}</dt><dd><Typography.Text code>{listing.name}</Typography.Text></dd>
        <dt>{t('publisher')}</dt><dd>{listing.publisher}</dd>
        <dt>{t('latest')}</dt><dd>{listing.latestVersion}</dd>
        <dt>{t('rights')}</dt><dd>{listing.rights.length ? <Space wrap size={4}>{listing.rights.map((r) => <Tag key={r}>{r}</Tag>)}</Space> : t('noRights')}</dd>
        <dt>{t('dependencies')}</dt><dd>{deps.length ? deps.map(([n, range]) => `${n} ${range}`).join(', ') : t('noDependencies')}</dd>
      </dl>
    </Card>
  );
}

/** The marketplace: bundled templates and registry apps, searched on the server as the admin types; each with Install. */
export function Gallery() {
  const { t } = useTranslation('packages');
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const listings = useMarketplace(deferred);
  const installed = new Map((useInstalled().data ?? []).map((p) => [p.name, p.version]));
  const [installing, setInstalling] = useState<Listing | null>(null);
  return (
    <div className="package-gallery">
      <Input.Search aria-label={t('search')} placeholder={t('search')} allowClear value={search} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 420, marginBottom: 16 }} />
      <FormError error={listings.error} />
      {listings.data && !listings.data.length && <Empty description={t('empty')} />}
      <div className="package-grid" aria-busy={listings.isFetching}>
        {(listings.data ?? []).map((l) => <ListingCard key={l.name} listing={l} installed={installed.get(l.name)} onInstall={() => setInstalling(l)} />)}
      </div>
      {installing && <PlanReview key={installing.name} mode="install" name={installing.name} version={installing.latestVersion} label={installing.label} sampleData={!!installing.sampleData} onClose={() => setInstalling(null)} />}
    </div>
  );
}
