import { Button, Input } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { inputAria, type WidgetProps } from './types.ts';

const MarkdownView = lazy(() => import('../markdown/MarkdownView.tsx'));

/** markdown: the text as written, with a preview rendered the way the record page shows it. */
export function MarkdownInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const [preview, setPreview] = useState(false);
  const text = (field.value as string | null) ?? '';
  return (
    <div className="markdown-input">
      <Button size="small" type="text" aria-pressed={preview} onClick={() => setPreview((v) => !v)}>
        {preview ? t('form.editMarkdown', { field: p.field.label }) : t('form.previewMarkdown', { field: p.field.label })}
      </Button>
      {preview ? (
        <Suspense fallback={<pre>{text}</pre>}><MarkdownView text={text} /></Suspense>
      ) : (
        <Input.TextArea id={p.id} autoSize={{ minRows: 4, maxRows: 16 }} maxLength={p.field.maxLength ?? undefined} {...inputAria(p)}
          ref={field.ref} name={field.name} value={text} onChange={(e) => field.onChange(e.target.value)} onBlur={field.onBlur} />
      )}
    </div>
  );
}
