import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../api/metadata.ts';

export function HomePage() {
  const { t } = useTranslation();
  const objects = useObjects();
  const readable = objects.data?.filter((o) => o.access.read) ?? [];
  return (
    <section>
      <Typography.Title level={1}>{t('home.title')}</Typography.Title>
      <Typography.Title level={2}>{t('home.objects')}</Typography.Title>
      {objects.isLoading && <p role="status">{t('loading')}</p>}
      {objects.data?.length === 0 && <Empty description={t('home.empty')} />}
      <div className="card-list">
        {readable.map((o) => (
          <Card key={o.name} size="small" title={<Link to={`/o/${o.name}`}>{o.pluralLabel}</Link>}>
            {o.description && <Typography.Paragraph type="secondary">{o.description}</Typography.Paragraph>}
          </Card>
        ))}
      </div>
    </section>
  );
}
