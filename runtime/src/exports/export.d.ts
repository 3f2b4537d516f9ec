import type pg from 'pg';
import { type FileStorage, type ObjectModel, type OperationContext, type PluginServices } from '@tessera/platform';
export type ExportFormat = 'CSV' | 'XLSX';
export interface ExportInput {
    object: string;
    filter?: Record<string, unknown> | null;
    columns?: string[] | null;
    format?: ExportFormat | null;
}
export interface ExportJobPayload {
    tenantId: string;
    exportId: string;
}
/** Export files are `_files` rows of their owner attached to no field: this id stands for "an export". */
export declare const EXPORT_FIELD_ID = "00000000-0000-0000-0000-00000000e4e0";
/**
 * The columns of an export, checked against the caller's rights: named ones must exist and be
 * readable (a column they may not read is refused with its pointer, never silently dropped);
 * none named: `id` and every field of the object's definition they may read, in its order.
 */
export declare function exportColumns(op: OperationContext, object: ObjectModel, columns: string[] | null | undefined): string[];
/**
 * `startExport`: checks what it can before any work (the object's read right, the columns, the
 * filter — by reading one row of it, so a bad filter fails here with its pointer), records the
 * export and enqueues its job in the caller's transaction: both exist if and only if it commits.
 */
export declare function startExport(op: OperationContext, services: PluginServices, input: ExportInput): Promise<{
    id: string;
    job: string;
    status: string;
}>;
/** `exportJob`: the caller's own export (anybody else's is NOT_FOUND, as one that does not exist). */
export declare function exportJob(op: OperationContext, id: string): Promise<{
    id: any;
    object: any;
    format: any;
    status: any;
    rowsDone: number;
    columns: any;
    error: any;
    file: {
        id: any;
        name: any;
        size: number;
        url: string;
    } | null;
    createdAt: any;
    finishedAt: any;
}>;
/**
 * The export job: as its owner (their rights now, not when they asked), keyset pages of the list
 * read verb streamed to a temporary file (never all rows in memory), progress written per page
 * from another connection, then the file stored and the export marked done in the job's
 * transaction (with its completion: a crash redoes the export, never leaves half a file behind).
 * A refusal (the owner lost the right meanwhile) ends the export as failed, with its reason.
 */
export declare function runExport(services: PluginServices, deps: {
    pool: pg.Pool;
    storage: FileStorage;
    pageSize?: number;
}, tx: pg.PoolClient, p: ExportJobPayload): Promise<void>;
