import type { ObjectModel } from '@tessera/platform';

type Field = ObjectModel['catalog']['definition']['fields'][number];

const NUMERIC = new Set(['integer', 'number', 'currency', 'percent', 'rating', 'duration']);
const LISTS = new Set(['multiSelect', 'tags', 'emails', 'phones']);
const TRUE = new Set(['true', 'yes', 'y', '1', '是', '真', 'x', '✓']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '假', '']);

/**
 * A cell's text as the field's API value, where the text says it plainly: numbers for numeric
 * fields, yes/no (English or Chinese) for booleans, `;`-separated lists, JSON for json fields.
 * Text that is not what the field takes is passed on as it is: the field's own validation then
 * refuses it with its usual message and pointer (one source of truth for what a value may be).
 */
export function cellValue(field: Field, text: string): unknown {
  const t = text.trim();
  if (NUMERIC.has(field.type)) {
    const plain = t.replace(/[,\s]/g, '');
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain) ? Number(plain) : t;
  }
  if (field.type === 'boolean') {
    const lower = t.toLowerCase();
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : t;
  }
  if (LISTS.has(field.type)) return t.split(';').map((s) => s.trim()).filter(Boolean);
  if (field.type === 'json') {
    try { return JSON.parse(t); } catch { return t; }
  }
  return t;
}
