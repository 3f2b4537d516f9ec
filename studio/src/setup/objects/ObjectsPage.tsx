import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function ObjectsPage() {
  const { t } = useTranslation('setup');
  return <h1>{t('objects.title')}</h1>;
}
