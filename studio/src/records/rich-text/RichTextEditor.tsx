import { BoldOutlined, ItalicOutlined, OrderedListOutlined, RedoOutlined, StrikethroughOutlined, UndoOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { Button, Tooltip } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { extensions, htmlOf } from './extensions.ts';

export interface RichTextEditorProps {
  id: string;
  label: string;
  value: string;
  onChange(html: string): void;
  onBlur?(): void;
  disabled?: boolean;
  invalid?: boolean;
  required?: boolean;
  describedBy?: string;
}

/**
 * The richText widget: TipTap (ProseMirror) with a toolbar, writing HTML. A lazy chunk (`richtext-`),
 * loaded by forms that have a richText field. The element users type in is a textbox named by the
 * field's label, so it reads (and is found) like every other input.
 */
export default function RichTextEditor(p: RichTextEditorProps) {
  const { t } = useTranslation('records');
  const editor = useEditor({
    extensions,
    content: p.value || '',
    editable: !p.disabled,
    immediatelyRender: true,
    editorProps: {
      attributes: {
        id: p.id,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': `${p.id}-label`,
        ...(p.describedBy ? { 'aria-describedby': p.describedBy } : {}),
        ...(p.invalid ? { 'aria-invalid': 'true' } : {}),
        ...(p.required ? { 'aria-required': 'true' } : {}),
        class: 'rich-text-content',
      },
    },
    onUpdate: ({ editor: e }) => p.onChange(htmlOf(e)),
    onBlur: () => p.onBlur?.(),
  });
  // A value set from outside (the form reset to the record's) replaces the document.
  useEffect(() => {
    if (editor && !editor.isDestroyed && (p.value || '') !== htmlOf(editor)) editor.commands.setContent(p.value || '', { emitUpdate: false });
  }, [editor, p.value]);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false, italic: e?.isActive('italic') ?? false, strike: e?.isActive('strike') ?? false,
      heading: e?.isActive('heading', { level: 2 }) ?? false, bulletList: e?.isActive('bulletList') ?? false,
      orderedList: e?.isActive('orderedList') ?? false, blockquote: e?.isActive('blockquote') ?? false,
    }),
  });
  if (!editor) return null;
  const chain = () => editor.chain().focus();
  const tool = (name: string, label: string, icon: ReactNode, active: boolean | undefined, run: () => void) => (
    <Tooltip title={label} key={name}>
      <Button size="small" type={active ? 'primary' : 'text'} aria-label={label} aria-pressed={active === undefined ? undefined : active}
        icon={icon} disabled={p.disabled} onMouseDown={(e) => e.preventDefault()} onClick={run} />
    </Tooltip>
  );
  return (
    <div className={`rich-text${p.invalid ? ' rich-text-invalid' : ''}`}>
      <div role="toolbar" aria-label={t('richText.toolbar', { field: p.label })} className="rich-text-toolbar">
        {tool('bold', t('richText.bold'), <BoldOutlined aria-hidden />, state?.bold, () => chain().toggleBold().run())}
        {tool('italic', t('richText.italic'), <ItalicOutlined aria-hidden />, state?.italic, () => chain().toggleItalic().run())}
        {tool('strike', t('richText.strike'), <StrikethroughOutlined aria-hidden />, state?.strike, () => chain().toggleStrike().run())}
        {tool('heading', t('richText.heading'), <span aria-hidden className="rich-text-h">H</span>, state?.heading, () => chain().toggleHeading({ level: 2 }).run())}
        {tool('bulletList', t('richText.bulletList'), <UnorderedListOutlined aria-hidden />, state?.bulletList, () => chain().toggleBulletList().run())}
        {tool('orderedList', t('richText.orderedList'), <OrderedListOutlined aria-hidden />, state?.orderedList, () => chain().toggleOrderedList().run())}
        {tool('quote', t('richText.quote'), <span aria-hidden className="rich-text-h">”</span>, state?.blockquote, () => chain().toggleBlockquote().run())}
        {tool('undo', t('richText.undo'), <UndoOutlined aria-hidden />, undefined, () => chain().undo().run())}
        {tool('redo', t('richText.redo'), <RedoOutlined aria-hidden />, undefined, () => chain().redo().run())}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
