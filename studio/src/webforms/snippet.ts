import type { WebForm } from './api.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

/** The form's public address on this server. */
export const endpointOf = (origin: string, slug: string, form: string) => `${origin}/forms/${encodeURIComponent(slug)}/${encodeURIComponent(form)}`;

/**
 * A plain HTML form posting to the endpoint (urlencoded: no script, no CORS), one labelled input per
 * form input, and the honeypot input hidden from people (off-screen, not focusable, no autofill) —
 * bots fill it, people never see it.
 */
export function snippetOf(form: WebForm, endpoint: string, lang: 'en' | 'zh', submit: string): string {
  const lines = [`<form method="post" action="${escape(endpoint)}" accept-charset="utf-8">`];
  for (const f of form.fields) {
    const name = f.name ?? f.field;
    const label = (lang === 'zh' ? f.label?.zh : undefined) ?? f.label?.en ?? f.field;
    lines.push(`  <label>${escape(label)} <input name="${escape(name)}"${f.required ? ' required' : ''}></label>`);
  }
  if (form.honeypot) lines.push(`  <div style="position:absolute;left:-10000px" aria-hidden="true"><input name="${escape(form.honeypot)}" tabindex="-1" autocomplete="off"></div>`);
  lines.push(`  <button type="submit">${escape(submit)}</button>`, '</form>');
  return lines.join('\n');
}
