import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function ScriptsPage() {
  const { t } = useTranslation('scripts');
  return <h1>{t('title')}</h1>;
}
