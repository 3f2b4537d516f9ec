import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

/** Where an export's rows go, one at a time: a file on disk, never all rows in memory. */
export interface RowWriter {
  header(columns: string[]): Promise<void>;
  row(values: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** A value as a cell's text: empty for null, JSON for objects and lists (composite fields, multi-selects). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; records end in CRLF. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A formula-looking cell (`=`, `+`, `-`, `@`, tab, CR first) opened in a spreadsheet would run
 * (CSV injection): such text gets a leading apostrophe, as OWASP advises. Numbers are left alone.
 */
export function defused(value: unknown, text: string): string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

class CsvWriter implements RowWriter {
  private readonly out: WriteStream;
  constructor(path: string) {
    this.out = createWriteStream(path);
    // UTF-8 with a byte-order mark: Excel otherwise reads the file in the machine's code page.
    this.out.write('\uFEFF');
  }
  private async line(texts: string[]): Promise<void> {
    if (!this.out.write(`${texts.map(csvField).join(',')}\r\n`)) await once(this.out, 'drain');
  }
  header(columns: string[]) { return this.line(columns); }
  row(values: unknown[]) { return this.line(values.map((v) => defused(v, cellText(v)))); }
  async close() {
    this.out.end();
    await once(this.out, 'finish');
  }
}

class XlsxWriter implements RowWriter {
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  constructor(path: string, sheetName: string) {
    // The streaming writer commits each row to the file as it goes (useSharedStrings off: no table of every string in memory).
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
    this.sheet = this.book.addWorksheet(sheetName.slice(0, 31));
  }
  async header(columns: string[]) { this.sheet.addRow(columns).commit(); }
  async row(values: unknown[]) {
    this.sheet.addRow(values.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? v : defused(v, cellText(v))))).commit();
  }
  async close() {
    this.sheet.commit();
    await this.book.commit();
  }
}

export function rowWriter(format: 'CSV' | 'XLSX', path: string, sheetName: string): RowWriter {
  return format === 'CSV' ? new CsvWriter(path) : new XlsxWriter(path, sheetName);
}
