import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import type { RecordData } from '../data/records-api.ts';
import { formSections } from '../form/layout.ts';
import { FieldValue } from './FieldValue.tsx';

/** The record's fields, read-only, in the sections and columns of the object's layout. */
export function RecordDetails({ object, record }: { object: ObjectMeta; record: RecordData }) {
  const { t, i18n } = useTranslation('records');
  return (
    <>
      {formSections(object, i18n.language).map((section, i) => (
        <section key={i} aria-label={section.label ?? t('record.details')}>
          <Card size="small" title={section.label ? <h2 className="card-heading">{section.label}</h2> : undefined}>
            <Descriptions size="small" layout="vertical" colon={false} column={{ xs: 1, sm: Math.min(section.columns, 2), md: section.columns }}
              items={section.fields.map((f) => ({ key: f.meta.name, label: f.meta.label, children: <span data-field={f.meta.name}><FieldValue field={f.meta} record={record} /></span> }))} />
          </Card>
        </section>
      ))}
    </>
  );
}
