import { type Plugin } from '@tessera/platform';
/**
 * Export as a plugin: `startExport(object, filter, columns, format)` records an export and
 * enqueues its durable job; the job streams the records the owner may read (object right,
 * row-level access, field rights) in keyset pages to CSV (RFC 4180, UTF-8 with BOM) or XLSX
 * (exceljs' streaming writer), stores the file as the owner's (`GET /files/<id>`: theirs only),
 * and `exportJob(id)` tells its progress. A tenant that never exports pays nothing on writes.
 */
export declare function createExportsPlugin(options?: {
    pageSize?: number;
}): Plugin;
