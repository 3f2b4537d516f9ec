import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { PlatformError } from '@tessera/platform';

export type Format = 'csv' | 'xlsx';

const bad = (message: string) => new PlatformError('BAD_USER_INPUT', message, { details: [{ pointer: '/file', message }] });

/**
 * What the file is, from its first bytes (never from its name alone): a ZIP is an XLSX workbook;
 * text that is valid UTF-8 (a BOM allowed) with no NUL byte is CSV; anything else (an image, a PDF
 * named .csv) is refused.
 */
export function formatOf(head: Buffer, size: number): Format {
  if (size === 0) throw bad('The file is empty');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.includes(0)) throw bad('The file is neither CSV (UTF-8 text) nor XLSX');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw bad('The file is neither CSV (UTF-8 text) nor XLSX');
  }
  return 'csv';
}

/** A cell of a workbook as text: rich text joined, a formula's result, a hyperlink's text, a date as ISO 8601. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return '';
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * The rows of a file, header first, streamed: CSV through csv-parse (a BOM skipped, quotes as RFC
 * 4180, rows of any length), XLSX through exceljs's streaming reader (the first worksheet, shared
 * strings cached, no styles). A malformed file is BAD_USER_INPUT at /file with the line it breaks at.
 */
export async function* rowsOf(file: string, format: Format): AsyncGenerator<string[]> {
  if (format === 'csv') {
    const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    try {
      for await (const record of parser) yield record as string[];
    } catch (error) {
      throw bad(`The CSV is malformed: ${(error as Error).message}`);
    }
    return;
  }
  let reader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      // Blank rows are absent from the stream: they are skipped, as blank CSV lines are.
      for await (const row of sheet) {
        const values = row.values as unknown[];
        yield Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]).trim());
      }
      return;
    }
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    throw bad(`The workbook cannot be read: ${(error as Error).message}`);
  }
}
