/** Where an export's rows go, one at a time: a file on disk, never all rows in memory. */
export interface RowWriter {
    header(columns: string[]): Promise<void>;
    row(values: unknown[]): Promise<void>;
    close(): Promise<void>;
}
/** A value as a cell's text: empty for null, JSON for objects and lists (composite fields, multi-selects). */
export declare function cellText(value: unknown): string;
/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; records end in CRLF. */
export declare function csvField(text: string): string;
/**
 * A formula-looking cell (`=`, `+`, `-`, `@`, tab, CR first) opened in a spreadsheet would run
 * (CSV injection): such text gets a leading apostrophe, as OWASP advises. Numbers are left alone.
 */
export declare function defused(value: unknown, text: string): string;
export declare function rowWriter(format: 'CSV' | 'XLSX', path: string, sheetName: string): RowWriter;
