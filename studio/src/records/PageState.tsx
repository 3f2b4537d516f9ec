import { Alert, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** What a page shows before its object is known: loading, an error, or "nothing here". */
export function PageState({ loading, error }: { loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  if (loading) return <div role="status"><Spin size="small" /> {t('loading')}</div>;
  if (error) return <Alert type="error" showIcon role="alert" title={t('error', { message: error instanceof Error ? error.message : String(error) })} />;
  return <Empty description={t('notFound')} />;
}
