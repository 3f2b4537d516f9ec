import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PlatformError } from '@tessera/platform';
import { stagingTable } from './tables.ts';

/** A cell past this many characters is refused with its row (no field takes more). */
const MAX_ROW_CHARS = 1_000_000;

/** A line of COPY's text format: `n<TAB>json`; JSON has no raw tab or newline, its backslashes are doubled. */
const line = (n: number, cells: string[]) => `${n}\t${JSON.stringify(cells).replace(/\\/g, '\\\\')}\n`;

/**
 * Creates the import's staging table and fills it with the file's data rows by one binary-speed
 * `COPY … FROM STDIN` (pg-copy-streams), as they are parsed: the file is never whole in memory.
 * Returns the header and the number of data rows. In `db`'s transaction: a file that fails half
 * way leaves no table and no row behind.
 */
export async function stage(db: pg.PoolClient, schema: string, id: string, rows: AsyncIterable<string[]>, maxRows: number): Promise<{ headers: string[]; count: number }> {
  const table = stagingTable(schema, id);
  await db.query(`create table ${table} (n integer primary key, cells jsonb not null)`);
  let headers: string[] | null = null;
  let count = 0;
  async function* lines() {
    let chunk = '';
    for await (const cells of rows) {
      if (headers === null) { headers = cells.map((h) => h.trim()); continue; }
      if (cells.every((c) => c === '')) continue;
      count += 1;
      if (count > maxRows) throw new PlatformError('LIMIT_EXCEEDED', `The file has more than ${maxRows} rows, the most one import takes`, { details: [{ pointer: '/file', message: 'too many rows' }], extensions: { limit: 'importRows', max: maxRows } });
      const text = line(count, cells.length > 0 && cells.join('').length > MAX_ROW_CHARS ? [] : cells);
      chunk += text;
      if (chunk.length > 256 * 1024) { yield chunk; chunk = ''; }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), db.query(copyFrom(`copy ${table} (n, cells) from stdin`)));
  if (headers === null) throw new PlatformError('BAD_USER_INPUT', 'The file has no header row', { details: [{ pointer: '/file', message: 'no header row' }] });
  const h = headers as string[];
  const duplicate = h.find((x, i) => x !== '' && h.indexOf(x) !== i);
  if (duplicate !== undefined) throw new PlatformError('BAD_USER_INPUT', `The column ${JSON.stringify(duplicate)} appears twice in the header`, { details: [{ pointer: '/file', message: 'duplicate column' }] });
  return { headers: h, count };
}
