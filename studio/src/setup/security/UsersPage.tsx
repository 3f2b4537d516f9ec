import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function UsersPage() {
  const { t } = useTranslation('security');
  return <h1>{t('users.title')}</h1>;
}
