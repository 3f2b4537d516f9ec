import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldMeta } from '../../api/metadata.ts';
import { formatValue } from '../data/format.ts';
import type { RecordData } from '../data/records-api.ts';

const RichTextView = lazy(() => import('../rich-text/RichTextView.tsx'));

/** A field's value, read-only, in the UI language: lookups link to their record, urls and emails are links. */
export function FieldValue({ field, record }: { field: FieldMeta; record: RecordData }) {
  const { t, i18n } = useTranslation('records');
  const value = record[field.name];
  const text = formatValue(field, value, i18n.language, { yes: t('record.yes'), no: t('record.no'), empty: t('record.empty') });
  const ref = value as { id?: string } | null;
  if ((field.type === 'lookup' || field.type === 'masterDetail') && ref?.id) return <Link to={`/o/${field.target}/${ref.id}`}>{text}</Link>;
  if (field.type === 'url' && typeof value === 'string') return <a href={value} rel="noreferrer noopener" target="_blank">{value}</a>;
  if (field.type === 'email' && typeof value === 'string') return <a href={`mailto:${value}`}>{value}</a>;
  if (field.type === 'richText' && typeof value === 'string' && value !== '') {
    return <Suspense fallback={<span>{text}</span>}><RichTextView html={value} /></Suspense>;
  }
  return <>{text}</>;
}
