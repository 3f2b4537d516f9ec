/** How many leading bytes `sniff` reads. */
export const SNIFF_BYTES = 512;

/** Raster images the platform accepts for image fields and shows inline (never SVG: it can carry script). */
export const RASTER_IMAGES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

const starts = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The type a file's leading bytes prove, whatever its name or declared type says: PNG, JPEG, GIF,
 * WebP, PDF, ZIP (and the office formats inside one), and markup a browser would run (SVG, HTML).
 * Null: the bytes prove nothing (plain text, CSV, unknown binaries).
 */
export function sniff(head: Uint8Array): string | null {
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(head, ascii('GIF87a')) || starts(head, ascii('GIF89a'))) return 'image/gif';
  if (starts(head, ascii('RIFF')) && starts(head, ascii('WEBP'), 8)) return 'image/webp';
  if (starts(head, ascii('%PDF-'))) return 'application/pdf';
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  // Markup: skip a byte-order mark and white space, then look at what a browser would look at.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '').trimStart().slice(0, SNIFF_BYTES).toLowerCase();
  if (/^<\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(text) || text.startsWith('<svg')) return 'image/svg+xml';
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body|script|iframe|object)[\s>]/.test(text)) return 'text/html';
  return null;
}

/** Types a browser renders as a page or runs: served only as downloads, never inline. */
export function isActiveContent(mime: string): boolean {
  return /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)$/i.test(mime) || /\+xml$/i.test(mime);
}

/** Whether `mime` matches one entry of an `accept` list (`image/png`, `image/*`, `*\/*`). */
export function accepted(mime: string, accept: readonly string[]): boolean {
  const [type] = mime.split('/');
  return accept.some((a) => a === '*/*' || a === mime || (a.endsWith('/*') && a.slice(0, -2) === type));
}
