import StarterKit from '@tiptap/starter-kit';

/**
 * What the editor (and the read-only view) knows: paragraphs, headings 2–3, lists, quotes, code,
 * links, bold/italic/underline/strike — within what the server's sanitizer keeps
 * (platform/src/field-types/richText/sanitize.ts). Anything else pasted in (images, frames, scripts,
 * styles) has no node in this schema and is dropped by ProseMirror's parser before it is ever saved.
 */
export const extensions = [
  StarterKit.configure({
    heading: { levels: [2, 3] },
    link: { openOnClick: false, autolink: true, protocols: ['mailto', 'tel'], HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' } },
  }),
];

/** The editor's HTML, '' for an empty document (so that an untouched field stays empty). */
export const htmlOf = (editor: { isEmpty: boolean; getHTML(): string }) => (editor.isEmpty ? '' : editor.getHTML());
