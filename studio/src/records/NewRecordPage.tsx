import { useTranslation } from 'react-i18next';

/** Placeholder: built by its feature's work. */
export function NewRecordPage() {
  const { t } = useTranslation('records');
  return <h1>{t('list.new')}</h1>;
}
