/**
 * The header row of a CSV, read in the browser from the file's first bytes (the server reads the
 * whole file as it streams in; the wizard needs only the column names): a BOM skipped, fields
 * quoted as RFC 4180 (a quoted name may hold commas, quotes and line breaks), blank lines skipped.
 * Null when the first 64 KB hold no complete row.
 */
export function csvHeader(text: string): string[] | null {
  const s = text.replace(/^\uFEFF/, '');
  const row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' || c === '\n') {
      if (row.length === 0 && field === '') continue;
      row.push(field);
      return row;
    } else field += c;
  }
  if (quoted) return null;
  if (row.length || field) { row.push(field); return row; }
  return null;
}

/** The header of a CSV file: its first 64 KB decoded as UTF-8. */
export async function readCsvHeader(file: Blob): Promise<string[] | null> {
  return csvHeader(await file.slice(0, 64 * 1024).text());
}
