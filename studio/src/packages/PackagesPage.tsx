import { Alert, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useIsAdmin } from '../plugins/runtime-nav.ts';
import { Gallery } from './Gallery.tsx';
import { Installed } from './Installed.tsx';
import './packages.css';

/** `/setup/packages` (`?tab=gallery|installed`): the template and app gallery and the installed packages. Administrators only, as the verbs are. */
export function PackagesPage() {
  const { t } = useTranslation('packages');
  const admin = useIsAdmin();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'installed' ? 'installed' : 'gallery';
  return (
    <div className="packages-page">
      <Typography.Title level={1}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {admin.known && !admin.isAdmin ? <Alert type="info" showIcon title={t('adminsOnly')} /> : admin.isAdmin && (
        <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })} destroyOnHidden items={[
          { key: 'gallery', label: t('tabs.gallery'), children: <Gallery /> },
          { key: 'installed', label: t('tabs.installed'), children: <Installed /> },
        ]} />
      )}
    </div>
  );
}
