import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

/**
 * A markdown field's value rendered (a chunk of its own, loaded when first shown). Sanitized by
 * construction: markdown-it with raw HTML off escapes every tag the text holds; links may only be
 * http(s), mailto, tel or relative (no `javascript:`, `data:`, `vbscript:`…), and open in a new tab
 * without the opener; images are off, so a value cannot make the browser fetch anything.
 */
const renderer = new MarkdownIt({ html: false, linkify: true, breaks: true });
renderer.disable(['image']);
const SCHEME = /^\s*([a-z][a-z0-9+.-]*):/i;
const ALLOWED = new Set(['http', 'https', 'mailto', 'tel']);
renderer.validateLink = (url: string) => {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined ? !/^\s*\/\//.test(url) : ALLOWED.has(scheme);
};
const linkOpen = renderer.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
renderer.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer nofollow');
  return linkOpen(tokens, idx, options, env, self);
};

/** The HTML of a markdown text, as MarkdownView shows it. */
export function markdownHtml(text: string): string {
  return renderer.render(text);
}

export default function MarkdownView({ text }: { text: string }) {
  const html = useMemo(() => markdownHtml(text), [text]);
  // The HTML comes from the renderer above only: no raw HTML of the value reaches it.
  return <div className="markdown-view" dangerouslySetInnerHTML={{ __html: html }} />;
}
