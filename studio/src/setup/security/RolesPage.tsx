import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function RolesPage() {
  const { t } = useTranslation('security');
  return <h1>{t('roles.title')}</h1>;
}
