import type pg from 'pg';
import { type FileStorage, type PluginServices } from '@tessera/platform';
/** Rows applied per transaction: one createRecords per batch, its effects and the position committed together. */
export declare const DEFAULT_BATCH = 1000;
export interface RunnerDeps {
    pool: pg.Pool;
    services: PluginServices;
    storage: FileStorage;
}
/**
 * Runs an import to its end, batch after batch, each in a transaction of its own that locks the
 * import's row, reads the staged rows after its `position`, applies them as the importer
 * (applyBatch) and moves the position, counters and refusals in the same commit. A process killed
 * at any point leaves the import at its last committed batch: the next run (the job's retry, or
 * the resume at start) goes on from there, and no row is applied twice — two runners of one
 * import take turns on the row lock and each reads the position the other committed.
 */
export declare function runImport(deps: RunnerDeps, tenantId: string, importId: string, options?: {
    batchSize?: number;
    signal?: AbortSignal;
}): Promise<void>;
