import { Tag } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldMeta } from '../../api/metadata.ts';
import { formatValue } from '../data/format.ts';
import { ratingMax } from '../../ui/field-kinds.ts';
import type { RecordData } from '../data/records-api.ts';

const RichTextView = lazy(() => import('../rich-text/RichTextView.tsx'));
const MarkdownView = lazy(() => import('../markdown/MarkdownView.tsx'));

const LIST_HREF: Record<string, (v: string) => string> = { emails: (v) => `mailto:${v}`, phones: (v) => `tel:${v.replace(/[^+0-9]/g, '')}`, links: (v) => v };

/** A field's value, read-only, in the UI language: lookups link to their record, urls and emails are links. */
export function FieldValue({ field, record }: { field: FieldMeta; record: RecordData }) {
  const { t, i18n } = useTranslation('records');
  const value = record[field.name];
  const text = formatValue(field, value, i18n.language, { yes: t('record.yes'), no: t('record.no'), empty: t('record.empty') });
  const ref = value as { id?: string } | null;
  if ((field.type === 'lookup' || field.type === 'masterDetail' || field.type === 'tree') && ref?.id) return <Link to={`/o/${field.target}/${ref.id}`}>{text}</Link>;
  // A many-to-many: each linked record, a link to it.
  const linked = field.type === 'manyToMany' ? ((value as { nodes?: Record<string, unknown>[] } | null)?.nodes ?? []) : [];
  if (linked.length) {
    return <ul className="value-list" aria-label={field.label}>{linked.map((n) => <li key={String(n.id)}><Link to={`/o/${field.target}/${n.id}`}>{String(Object.entries(n).find(([k]) => k !== 'id')?.[1] ?? n.id)}</Link></li>)}</ul>;
  }
  // Files: the thumbnail (or the signature) opens the full image; other files download by name.
  const file = value as { name: string; url: string; thumbnailUrl: string | null } | null;
  if ((field.type === 'image' || field.type === 'signature') && file?.url) {
    return <a href={file.url} target="_blank" rel="noopener" aria-label={`Open ${file.name}`}><img className="image-thumbnail" src={file.thumbnailUrl ?? file.url} alt={file.name} loading="lazy" style={{ maxWidth: 128, maxHeight: 128 }} /></a>;
  }
  if (field.type === 'file' && file?.url) return <a href={file.url} download={file.name}>{file.name}</a>;
  if (field.type === 'url' && typeof value === 'string') return <a href={value} rel="noreferrer noopener" target="_blank">{value}</a>;
  if (field.type === 'email' && typeof value === 'string') return <a href={`mailto:${value}`}>{value}</a>;
  if (field.type === 'richText' && typeof value === 'string' && value !== '') {
    return <Suspense fallback={<span>{text}</span>}><RichTextView html={value} /></Suspense>;
  }
  if (field.type === 'markdown' && typeof value === 'string' && value !== '') {
    return <Suspense fallback={<span className="markdown-source">{value}</span>}><MarkdownView text={value} /></Suspense>;
  }
  if (field.type === 'rating' && typeof value === 'number') return <span role="img" aria-label={t('record.rating', { value, max: ratingMax(field) })}>{text}</span>;
  if (field.type === 'color' && typeof value === 'string') return <span className="color-value"><span className="color-swatch" aria-hidden="true" style={{ background: value }} />{value}</span>;
  if (field.type === 'tags' && Array.isArray(value) && value.length) return <span className="tag-list">{value.map((v) => <Tag key={String(v)}>{String(v)}</Tag>)}</span>;
  if (LIST_HREF[field.type] && Array.isArray(value) && value.length) {
    return <ul className="value-list">{value.map((v) => <li key={String(v)}><a href={LIST_HREF[field.type](String(v))} {...(field.type === 'links' ? { rel: 'noreferrer noopener', target: '_blank' } : {})}>{String(v)}</a></li>)}</ul>;
  }
  return <>{text}</>;
}
