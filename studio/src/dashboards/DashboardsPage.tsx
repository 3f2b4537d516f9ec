import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function DashboardsPage() {
  const { t } = useTranslation('dashboards');
  return <h1>{t('title')}</h1>;
}
