const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The browser build's stand-in for sanitize-html (vite.config.ts aliases it). The expression checker
 * reads field types from the platform's registry, and with it comes the richText type, whose
 * sanitizer cleans values on their way into a column — on the server. The studio writes no column,
 * and sanitize-html (with postcss) is a Node library. Should this be called, it escapes every
 * character of markup, so what it returns is always safe HTML.
 */
export default function sanitizeHtml(html: string): string {
  return String(html).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
