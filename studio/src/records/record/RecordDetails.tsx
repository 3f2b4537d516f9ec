import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { formatValue } from '../data/format.ts';
import type { RecordData } from '../data/records-api.ts';
import { formSections } from '../form/layout.ts';

function Value({ field, record }: { field: FieldMeta; record: RecordData }) {
  const { t, i18n } = useTranslation('records');
  const value = record[field.name];
  const text = formatValue(field, value, i18n.language, { yes: t('record.yes'), no: t('record.no'), empty: t('record.empty') });
  const ref = value as { id?: string } | null;
  if ((field.type === 'lookup' || field.type === 'masterDetail') && ref?.id) return <Link to={`/o/${field.target}/${ref.id}`}>{text}</Link>;
  if (field.type === 'url' && typeof value === 'string') return <a href={value} rel="noreferrer noopener" target="_blank">{value}</a>;
  if (field.type === 'email' && typeof value === 'string') return <a href={`mailto:${value}`}>{value}</a>;
  return <>{text}</>;
}

/** The record's fields, read-only, in the sections and columns of the object's layout. */
export function RecordDetails({ object, record }: { object: ObjectMeta; record: RecordData }) {
  const { t, i18n } = useTranslation('records');
  return (
    <>
      {formSections(object, i18n.language).map((section, i) => (
        <section key={i} className="panel" aria-label={section.label ?? t('record.details')}>
          {section.label && <h2>{section.label}</h2>}
          <dl className="record-fields" style={{ gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))` }}>
            {section.fields.map((f) => (
              <div key={f.meta.name}>
                <dt>{f.meta.label}</dt>
                <dd data-field={f.meta.name}><Value field={f.meta} record={record} /></dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
