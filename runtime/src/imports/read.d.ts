export type Format = 'csv' | 'xlsx';
/**
 * What the file is, from its first bytes (never from its name alone): a ZIP is an XLSX workbook;
 * text that is valid UTF-8 (a BOM allowed) with no NUL byte is CSV; anything else (an image, a PDF
 * named .csv) is refused.
 */
export declare function formatOf(head: Buffer, size: number): Format;
/**
 * The rows of a file, header first, streamed: CSV through csv-parse (a BOM skipped, quotes as RFC
 * 4180, rows of any length), XLSX through exceljs's streaming reader (the first worksheet, shared
 * strings cached, no styles). A malformed file is BAD_USER_INPUT at /file with the line it breaks at.
 */
export declare function rowsOf(file: string, format: Format): AsyncGenerator<string[]>;
