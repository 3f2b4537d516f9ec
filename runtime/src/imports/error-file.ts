import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type pg from 'pg';
import type { FileStorage } from '@tessera/platform';
import { REASON_COLUMN } from './mapping.ts';
import { refusalsTable, stagingTable } from './tables.ts';

/** A CSV field, quoted when it must be (RFC 4180); kept byte for byte, so the file imports again as it was. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The error file of an import: the refused rows, in file order, with the file's own columns and a
 * `reason` column last — fixed, it is imported again as it is (the reason column is never mapped).
 * Written page by page to a temporary file, then put in the platform's file storage; its key.
 */
export async function writeErrorFile(db: pg.PoolClient, storage: FileStorage, tenantId: string, schema: string, importId: string, headers: string[]): Promise<string> {
  const tmp = path.join(os.tmpdir(), `tessera-import-errors-${randomUUID()}.csv`);
  const out = createWriteStream(tmp);
  const write = async (line: string) => { if (!out.write(line)) await once(out, 'drain'); };
  try {
    await write(`${[...headers.filter((h) => h !== REASON_COLUMN), REASON_COLUMN].map(csvField).join(',')}\r\n`);
    const reasonAt = headers.indexOf(REASON_COLUMN);
    let after = 0;
    for (;;) {
      const { rows } = await db.query<{ n: number; cells: string[]; reason: string }>(
        `select r.n, s.cells, r.reason from ${refusalsTable(schema)} r join ${stagingTable(schema, importId)} s on s.n = r.n where r.import_id = $1 and r.n > $2 order by r.n limit 5000`, [importId, after]);
      if (rows.length === 0) break;
      for (const row of rows) {
        const cells = headers.map((_, i) => row.cells[i] ?? '').filter((_, i) => i !== reasonAt);
        await write(`${[...cells, row.reason].map(csvField).join(',')}\r\n`);
      }
      after = rows[rows.length - 1].n;
    }
    out.end();
    await once(out, 'finish');
    const key = `${tenantId}/${randomUUID()}`;
    await storage.put(key, createReadStream(tmp), (await stat(tmp)).size, 'text/csv');
    return key;
  } finally {
    out.destroy();
    await rm(tmp, { force: true });
  }
}
