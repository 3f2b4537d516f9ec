import type { PluginMigration } from '@tessera/platform';

export const importsTable = (schema: string) => `"${schema}"."_imports"`;
export const refusalsTable = (schema: string) => `"${schema}"."_import_refusals"`;
export const mappingsTable = (schema: string) => `"${schema}"."_import_mappings"`;
/** The rows of one import as they came from its file (`n`: 1-based row number after the header; `cells`: a JSON array of strings). */
export const stagingTable = (schema: string, id: string) => `"${schema}"."_import_${id.replace(/-/g, '')}"`;
/** Imports not finished, across tenants: a restarted server resumes them (the system table lists which). */
export const RUNNING = 'tessera.import_running';

/**
 * One row per import (its progress: `position` is the last staged row whose batch committed, with
 * that batch's records, refusals and counters — the resume point), the refused rows with their
 * reasons (the error file is made from them and the staged cells), and the last mapping used per
 * object (offered again for the next file).
 */
export const migrations: PluginMigration[] = [{
  id: '001-imports', scope: 'tenant',
  async up(db, { schema }) {
    const s = schema!;
    await db.query(`create table if not exists ${importsTable(s)} (
      id uuid primary key, object text not null, user_id uuid not null, status text not null,
      file_name text not null, file_key text, format text not null, headers jsonb not null, mapping jsonb not null, match text,
      rows_total integer not null, position integer not null default 0, rows_done integer not null default 0, rows_refused integer not null default 0,
      created_at timestamptz not null, started_at timestamptz, updated_at timestamptz not null, finished_at timestamptz,
      error_key text, error text)`);
    await db.query(`create table if not exists ${refusalsTable(s)} (import_id uuid not null, n integer not null, reason text not null, primary key (import_id, n))`);
    await db.query(`create table if not exists ${mappingsTable(s)} (object text primary key, mapping jsonb not null, updated_at timestamptz not null)`);
  },
}, {
  id: '001-imports-running', scope: 'system',
  async up(db) {
    await db.query(`create table if not exists ${RUNNING} (import_id uuid primary key, tenant_id uuid not null)`);
  },
}];
