import type { PluginMigration } from '@tessera/platform';
export declare const exportsTable: (schema: string) => string;
export declare const filesTable: (schema: string) => string;
/**
 * One row per export: what was asked (object, filter, columns, format), by whom, and how far its
 * job got (`rowsDone`, updated per page from another connection so that it shows while the job's
 * own transaction is open), then the file it made.
 */
export declare const migrations: PluginMigration[];
