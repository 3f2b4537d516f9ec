/**
 * The host side of the batch transfer: a trigger's records go into the isolate as columns (one per
 * field), not as JSON objects. All strings of all columns are concatenated into one string; lengths,
 * numbers, booleans and markers go into one array of numbers, sent in the call's JSON payload (no
 * ArrayBuffer: each one copied into an isolate is external memory its GC must account for, which
 * made small calls slow; no structured clone either: all arguments stay strings); the bootstrap (`batch-decoder.ts`) turns them back into record
 * objects only when the script reads ctx.records / ctx.old.
 *
 * Per column, n entries in `nums` (n = records):
 *   's' strings: the length of the value in `text`; -1 absent, -2 null
 *   'n' numbers: the value (sparse columns: n markers first, 0 present, -1 absent, -2 null, then n values)
 *   'b' booleans: 1 true, 0 false; -1 absent, -2 null
 *   'j' anything else: the length of the value's JSON in `text`; -1 absent, -2 null
 */
export type ColumnKind = 's' | 'n' | 'b' | 'j';

export interface TableHeader {
  /** Records in the table. */
  n: number;
  /** [field, kind, sparse (numbers only), fixed length (ids: every value that long, no entries in nums)], in the records' key order. */
  cols: ([string, ColumnKind, 0 | 1] | [string, 's', 0, number])[];
  /** Where the table's strings start in `text`, and its entries in `nums`. */
  t: number;
  o: number;
  /** Indices of rows that are null (an old value that was not found). */
  z?: number[];
}

const ABSENT = -1;
const NULL = -2;

export class BatchEncoder {
  private text = '';
  private readonly nums: number[] = [];

  /** Adds a table of records (rows may be null); `ids`, when given, become the records' `id` (last key). */
  table(rows: readonly (Record<string, unknown> | null)[], ids?: readonly string[]): TableHeader {
    const n = rows.length;
    const header: TableHeader = { n, cols: [], t: this.text.length, o: this.nums.length };
    const names = new Set<string>();
    const nulls: number[] = [];
    // The union of the rows' keys; rows with the keys of the row before (the common case) cost one for…in.
    let last: string[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row === null || row === undefined) { nulls.push(i); continue; }
      let k = 0;
      let same = true;
      for (const key in row) { if (last[k] !== key) same = false; k++; }
      if (same && k === last.length) continue;
      last = [];
      for (const key in row) { last.push(key); names.add(key); }
    }
    if (nulls.length) header.z = nulls;
    if (ids) names.delete('id');
    for (const name of names) header.cols.push(this.column(rows, name, n));
    if (ids) {
      const fixed = this.strings(ids, n);
      header.cols.push(fixed === undefined ? ['id', 's', 0] : ['id', 's', 0, fixed]);
    }
    return header;
  }

  /** The string and the numbers to copy into the isolate. */
  finish(): { text: string; nums: number[] } {
    return { text: this.text, nums: this.nums };
  }

  /** Strings all present (ids); when all have one length, it is returned and no entries are written. */
  private strings(values: readonly string[], n: number): number | undefined {
    let text = this.text;
    const length = n > 0 ? values[0].length : 0;
    let fixed = true;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      text += v;
      if (v.length !== length) fixed = false;
    }
    this.text = text;
    if (fixed && n > 0) return length;
    for (let i = 0; i < n; i++) this.nums.push(values[i].length);
    return undefined;
  }

  private column(rows: readonly (Record<string, unknown> | null)[], name: string, n: number): [string, ColumnKind, 0 | 1] {
    let kind: ColumnKind | undefined;
    let sparse = false;
    for (let i = 0; i < n; i++) {
      const v = rows[i]?.[name];
      if (v === undefined || v === null) { sparse = true; continue; }
      const k: ColumnKind = typeof v === 'string' ? 's' : typeof v === 'boolean' ? 'b' : typeof v === 'number' && Number.isFinite(v) ? 'n' : 'j';
      if (kind === undefined) kind = k;
      else if (kind !== k) { kind = 'j'; break; }
    }
    kind ??= 's';
    const out = this.nums;
    let text = this.text;
    const values: number[] | undefined = kind === 'n' && sparse ? [] : undefined;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      const v = row === null || row === undefined ? undefined : row[name];
      const marker = v === undefined ? ABSENT : v === null ? NULL : 0;
      if (values) {
        out.push(marker);
        values.push(marker === 0 ? (v as number) : 0);
      } else if (kind === 'n') {
        out.push(v as number);
      } else if (marker !== 0) {
        out.push(marker);
      } else if (kind === 's') {
        text += v as string;
        out.push((v as string).length);
      } else if (kind === 'b') {
        out.push(v ? 1 : 0);
      } else {
        const json = JSON.stringify(v);
        if (json === undefined) { out.push(ABSENT); continue; }
        text += json;
        out.push(json.length);
      }
    }
    if (values) for (let i = 0; i < n; i++) out.push(values[i]);
    this.text = text;
    return [name, kind, kind === 'n' && sparse ? 1 : 0];
  }
}
