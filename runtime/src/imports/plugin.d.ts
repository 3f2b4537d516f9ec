import { type Plugin } from '@tessera/platform';
import { type ImportLimits } from './start.ts';
export interface ImportsOptions extends Partial<ImportLimits> {
    /** Rows per batch (default 1000). */
    batchSize?: number;
}
/**
 * Imports as a plugin: `POST /import/<object>` (CSV or XLSX, streamed and staged by COPY), a
 * durable job that applies the rows in batches through the save pipeline as the importer, with
 * progress, an error file of the refused rows, and resumption after a crash (runner.ts). No save
 * hook: a tenant that imports nothing pays nothing on its writes.
 */
export declare function createImportsPlugin(options?: ImportsOptions): Plugin;
