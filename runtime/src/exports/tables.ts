import type { PluginMigration } from '@tessera/platform';

export const exportsTable = (schema: string) => `"${schema}"."_exports"`;
export const filesTable = (schema: string) => `"${schema}"."_files"`;

/**
 * One row per export: what was asked (object, filter, columns, format), by whom, and how far its
 * job got (`rowsDone`, updated per page from another connection so that it shows while the job's
 * own transaction is open), then the file it made.
 */
export const migrations: PluginMigration[] = [{
  id: '001-exports', scope: 'tenant',
  async up(db, { schema }) {
    await db.query(`create table if not exists ${exportsTable(schema!)} (
      id uuid primary key, object text not null, filter jsonb, columns jsonb not null, format text not null,
      status text not null, rows_done bigint not null default 0, file_id uuid, error text,
      created_by uuid not null, created_at timestamptz not null, finished_at timestamptz)`);
    await db.query(`create index if not exists _exports_owner on ${exportsTable(schema!)} (created_by, created_at desc)`);
  },
}];
