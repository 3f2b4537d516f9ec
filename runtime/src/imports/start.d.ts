import { type FileStorage, type OperationContext, type PluginServices, type RouteCall, type RouteResponse } from '@tessera/platform';
export interface ImportLimits {
    /** The largest file taken (bytes). */
    maxBytes: number;
    /** The most data rows one import takes. */
    maxRows: number;
}
/** The caller may import into the object: the importData right and the object's create right (update too with a match key). */
export declare function checkImportRights(op: OperationContext, objectName: string, withMatch: boolean): void;
/**
 * `POST /import/<object>`: checks the caller's rights first (nothing is read of a refused
 * request's file), spools the file (within the limit) and keeps it in the platform's storage,
 * then in one transaction stages its rows by COPY, checks the mapping (given, else the saved one
 * and suggestions) and the match key against the header and the caller's field rights, records
 * the import, and enqueues the job that applies it. A refused file leaves nothing behind.
 */
export declare function startImport(call: RouteCall, deps: {
    services: PluginServices;
    storage: FileStorage;
    limits: ImportLimits;
}): Promise<RouteResponse>;
