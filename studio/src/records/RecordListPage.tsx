import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function RecordListPage() {
  const { t } = useTranslation('records');
  return <h1>{t('list.title')}</h1>;
}
