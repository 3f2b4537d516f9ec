import { useTranslation } from 'react-i18next';

/** What a page shows before its object is known: loading, an error, or "nothing here". */
export function PageState({ loading, error }: { loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  if (loading) return <p role="status">{t('loading')}</p>;
  if (error) return <p role="alert">{t('error', { message: error instanceof Error ? error.message : String(error) })}</p>;
  return <p>{t('notFound')}</p>;
}
