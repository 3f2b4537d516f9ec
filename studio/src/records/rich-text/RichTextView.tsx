import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import { extensions } from './extensions.ts';

/**
 * A richText value shown read-only through the editor's own schema: only the nodes and marks the
 * editor knows are rendered (ProseMirror rebuilds the DOM from its document), so even a value stored
 * before the server sanitized richText cannot bring a script, handler or frame into the page.
 */
export default function RichTextView({ html }: { html: string }) {
  const editor = useEditor({ extensions, content: html, editable: false, immediatelyRender: true, editorProps: { attributes: { class: 'rich-text-content rich-text-view' } } });
  useEffect(() => { if (editor && !editor.isDestroyed) editor.commands.setContent(html, { emitUpdate: false }); }, [editor, html]);
  return <EditorContent editor={editor} />;
}
