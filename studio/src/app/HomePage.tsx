import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../api/metadata.ts';

export function HomePage() {
  const { t } = useTranslation();
  const objects = useObjects();
  return (
    <section>
      <h1>{t('home.title')}</h1>
      <h2>{t('home.objects')}</h2>
      {objects.isLoading && <p role="status">{t('loading')}</p>}
      {objects.data?.length === 0 && <p>{t('home.empty')}</p>}
      <ul className="card-list">
        {objects.data?.filter((o) => o.access.read).map((o) => (
          <li key={o.name}><Link to={`/o/${o.name}`}>{o.pluralLabel}</Link>{o.description && <p>{o.description}</p>}</li>
        ))}
      </ul>
    </section>
  );
}
