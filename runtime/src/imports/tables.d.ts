import type { PluginMigration } from '@tessera/platform';
export declare const importsTable: (schema: string) => string;
export declare const refusalsTable: (schema: string) => string;
export declare const mappingsTable: (schema: string) => string;
/** The rows of one import as they came from its file (`n`: 1-based row number after the header; `cells`: a JSON array of strings). */
export declare const stagingTable: (schema: string, id: string) => string;
/** Imports not finished, across tenants: a restarted server resumes them (the system table lists which). */
export declare const RUNNING = "tessera.import_running";
/**
 * One row per import (its progress: `position` is the last staged row whose batch committed, with
 * that batch's records, refusals and counters — the resume point), the refused rows with their
 * reasons (the error file is made from them and the staged cells), and the last mapping used per
 * object (offered again for the next file).
 */
export declare const migrations: PluginMigration[];
