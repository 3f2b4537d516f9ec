import type { Queryable } from '../field-types/field-type.ts';
import { qualified } from '../storage/sql/quote.ts';

/**
 * The tenant's `_files` table (made with the other tenant tables, idempotently: no DDL on a request):
 * one row per uploaded file. A file is uploaded for one field (`fieldId`, stable across renames) by
 * one user (`createdBy`) and is attached to at most one record (`recordId`, set by the save
 * pipeline's files hook when a write puts its id in that field). Contents live in the storage
 * backend under `storageKey` (and `thumbnailKey`), keys the platform made.
 */
export function filesTableSql(schema: string): string[] {
  const files = qualified(schema, '_files');
  return [
    `CREATE TABLE IF NOT EXISTS ${files} (
      "id" uuid PRIMARY KEY DEFAULT tessera.new_id(),
      "fieldId" uuid NOT NULL,
      "recordId" uuid,
      "name" text NOT NULL,
      "size" bigint NOT NULL,
      "mime" text NOT NULL,
      "sha256" text NOT NULL,
      "storageKey" text NOT NULL UNIQUE,
      "thumbnailKey" text,
      "thumbnailMime" text,
      "createdBy" uuid,
      "createdAt" timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX IF NOT EXISTS "_files_record" ON ${files} ("recordId", "fieldId")`,
    // When the purge first saw no record holding the file (files/purge.ts); added after the table was.
    `ALTER TABLE ${files} ADD COLUMN IF NOT EXISTS "releasedAt" timestamptz`,
    `CREATE INDEX IF NOT EXISTS "_files_unattached" ON ${files} ("createdAt") WHERE "recordId" IS NULL`,
    `CREATE INDEX IF NOT EXISTS "_files_released" ON ${files} ("releasedAt") WHERE "releasedAt" IS NOT NULL`,
  ];
}

export interface FileRow {
  id: string;
  fieldId: string;
  recordId: string | null;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  storageKey: string;
  thumbnailKey: string | null;
  thumbnailMime: string | null;
  createdBy: string | null;
  createdAt: Date;
  /** When the purge first found no record holding it (replaced or cleared); null while held or unattached. */
  releasedAt?: Date | null;
}

export async function insertFile(db: Queryable, schema: string, row: Omit<FileRow, 'id' | 'recordId' | 'createdAt'>): Promise<FileRow> {
  const { rows } = await db.query(
    `insert into ${qualified(schema, '_files')} ("fieldId", "name", "size", "mime", "sha256", "storageKey", "thumbnailKey", "thumbnailMime", "createdBy")
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [row.fieldId, row.name, row.size, row.mime, row.sha256, row.storageKey, row.thumbnailKey, row.thumbnailMime, row.createdBy],
  );
  return toRow(rows[0]);
}

export async function fileById(db: Queryable, schema: string, id: string): Promise<FileRow | null> {
  const { rows } = await db.query(`select * from ${qualified(schema, '_files')} where "id" = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

const toRow = (r: Record<string, unknown>): FileRow => ({ ...(r as unknown as FileRow), size: Number(r.size) });
