import sanitizeHtml from 'sanitize-html';

/**
 * The HTML a richText value may hold: what the studio's editor writes (paragraphs, headings, lists,
 * quotes, code, links, bold/italic/underline/strike) and the common inline tags other clients send.
 * Everything else is taken out on the way into the column — script and style elements with their
 * content, event-handler and style attributes, frames, forms, images, SVG — and links keep only
 * http(s), mailto and tel addresses, so a stored value is safe to render as HTML by any client.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
    'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 's', 'strike', 'del', 'sub', 'sup', 'mark', 'a', 'span',
  ],
  allowedAttributes: { a: ['href', 'target', 'rel'], ol: ['start'], code: ['class'] },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Elements whose content is code or markup, never text to keep: dropped whole, not unwrapped.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'title', 'xmp', 'noembed', 'noframes', 'svg', 'math'],
  disallowedTagsMode: 'discard',
  transformTags: {
    // A link that opens elsewhere must not hand the new page a handle on this one.
    a: (tagName, attribs) => {
      const out: Record<string, string> = { ...attribs };
      if (out.target !== undefined && out.target !== '_blank') delete out.target;
      out.rel = 'noopener noreferrer nofollow';
      return { tagName, attribs: out };
    },
  },
};

/** A richText value as it may be stored: the allow-listed HTML of `html` (idempotent: clean HTML stays as it is). */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
