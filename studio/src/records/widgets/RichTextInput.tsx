import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from './types.ts';

// TipTap and ProseMirror are ~100 KB: loaded with the first form that has a richText field, never at start.
const RichTextEditor = lazy(() => import('../rich-text/RichTextEditor.tsx'));

/** richText: a formatting editor writing HTML (sanitized again by the server on save). */
export function RichTextInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} title={false} aria-label={t('richText.loading')} />}>
      <RichTextEditor id={p.id} label={p.field.label} value={(field.value as string | null) ?? ''} onChange={field.onChange} onBlur={field.onBlur}
        disabled={p.readOnly} invalid={p.invalid} required={p.required} describedBy={p.describedBy} />
    </Suspense>
  );
}
