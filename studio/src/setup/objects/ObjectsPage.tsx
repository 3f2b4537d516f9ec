import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useObjects } from '../../api/metadata.ts';
import { ObjectForm } from './ObjectForm.tsx';
import './objects.css';

/** `/setup/objects`: every object (label, API name, field count, sharing) and the "New object" form. */
export function ObjectsPage() {
  const { t } = useTranslation('setup');
  const objects = useObjects();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  return (
    <div className="object-manager">
      <h1>{t('objects.title')}</h1>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setCreating(true)} disabled={creating}>{t('objects.newObject')}</button>
      </div>
      {creating && <ObjectForm onCancel={() => setCreating(false)} onDone={(name) => navigate(`/setup/objects/${name}`)} />}
      {objects.isLoading && <p role="status">{t('common:loading')}</p>}
      {objects.error ? <p role="alert">{t('common:error', { message: (objects.error as Error).message })}</p> : null}
      {objects.data && objects.data.length === 0 && <p>{t('objects.empty')}</p>}
      {objects.data && objects.data.length > 0 && (
        <table className="grid">
          <caption className="visually-hidden">{t('objects.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('objects.columns.label')}</th>
              <th scope="col">{t('objects.columns.name')}</th>
              <th scope="col">{t('objects.columns.fields')}</th>
              <th scope="col">{t('objects.columns.sharing')}</th>
            </tr>
          </thead>
          <tbody>
            {objects.data.map((o) => (
              <tr key={o.name}>
                <td><Link to={`/setup/objects/${o.name}`}>{o.label}</Link></td>
                <td><code>{o.name}</code></td>
                <td>{o.fields.length}</td>
                <td>{t(`objects.sharing.${o.sharing}`, { defaultValue: o.sharing })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
