import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { highlightFields } from '../data/highlights.ts';
import type { RecordData } from '../data/records-api.ts';
import { FieldValue } from './FieldValue.tsx';

/** The record's key fields at the top of its page (which ones: `highlightFields`, from metadata). */
export function Highlights({ object, record }: { object: ObjectMeta; record: RecordData }) {
  const { t } = useTranslation('records');
  const fields = highlightFields(object);
  if (fields.length === 0) return null;
  return (
    <section aria-label={t('record.highlights')} className="highlights">
      <Card size="small">
        <Descriptions size="small" layout="vertical" colon={false} column={{ xs: 2, sm: 3, md: fields.length }}
          items={fields.map((f) => ({ key: f.name, label: f.label, children: <span data-field={f.name}><FieldValue field={f} record={record} /></span> }))} />
      </Card>
    </section>
  );
}
