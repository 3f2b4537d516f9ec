import type pg from 'pg';
import type { FileStorage } from '@tessera/platform';
/** A CSV field, quoted when it must be (RFC 4180); kept byte for byte, so the file imports again as it was. */
export declare function csvField(value: string): string;
/**
 * The error file of an import: the refused rows, in file order, with the file's own columns and a
 * `reason` column last — fixed, it is imported again as it is (the reason column is never mapped).
 * Written page by page to a temporary file, then put in the platform's file storage; its key.
 */
export declare function writeErrorFile(db: pg.PoolClient, storage: FileStorage, tenantId: string, schema: string, importId: string, headers: string[]): Promise<string>;
