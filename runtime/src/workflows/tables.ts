import type { PluginMigration } from '@tessera/platform';

const q = (schema: string, table: string) => `"${schema}"."${table}"`;
export const runsTable = (schema: string) => q(schema, '_workflow_runs');
export const stepsTable = (schema: string) => q(schema, '_workflow_steps');
export const waitsTable = (schema: string) => q(schema, '_workflow_waits');
export const notificationsTable = (schema: string) => q(schema, '_notifications');

/**
 * The workflows plugin's tables. Versions are configuration (beside `tessera.config_items`, one
 * system table keyed by tenant); runs, their step history, condition waits and the in-app inbox
 * are tenant data, in each tenant's schema.
 */
export const migrations: PluginMigration[] = [
  {
    id: '001-workflow-versions', scope: 'system',
    async up(db) {
      await db.query(`create table if not exists tessera.workflow_versions (
        tenant_id uuid not null, workflow text not null, version integer not null, definition jsonb not null, created_at timestamptz not null,
        primary key (tenant_id, workflow, version))`);
    },
  },
  {
    // Versions kept a copy of the webhook signing secret, read back by designers: no more.
    id: '002-workflow-versions-without-secrets', scope: 'system',
    async up(db) {
      await db.query(`update tessera.workflow_versions set definition = definition - 'secret' where definition ? 'secret'`);
    },
  },
  {
    id: '001-workflow-runs', scope: 'tenant',
    async up(db, { schema }) {
      const s = schema!;
      await db.query(`create table if not exists ${runsTable(s)} (
        id uuid primary key, workflow text not null, version integer not null,
        status text not null check (status in ('running', 'waiting', 'completed', 'failed', 'cancelled')),
        object text, record_id uuid, actor_id uuid, trigger jsonb not null default '{}', step text, vars jsonb not null default '{}',
        error text, dedupe text unique, parent_id uuid, parent_step text, steps_done integer not null default 0,
        started_at timestamptz not null, updated_at timestamptz not null, finished_at timestamptz)`);
      await db.query(`create index if not exists _workflow_runs_workflow on ${runsTable(s)} (workflow, status, started_at desc)`);
      await db.query(`create index if not exists _workflow_runs_parent on ${runsTable(s)} (parent_id) where parent_id is not null`);
      await db.query(`create table if not exists ${stepsTable(s)} (
        run_id uuid not null, seq integer not null, step text not null, type text not null, status text not null,
        input jsonb, output jsonb, error text, started_at timestamptz not null, finished_at timestamptz,
        primary key (run_id, seq))`);
      await db.query(`create table if not exists ${waitsTable(s)} (run_id uuid primary key, object text not null, record_id uuid not null)`);
      await db.query(`create index if not exists _workflow_waits_record on ${waitsTable(s)} (object, record_id)`);
      await db.query(`create table if not exists ${notificationsTable(s)} (
        id uuid primary key, user_id uuid not null, title text not null, body text, object text, record_id uuid, run_id uuid,
        created_at timestamptz not null, read_at timestamptz)`);
      await db.query(`create index if not exists _notifications_user on ${notificationsTable(s)} (user_id, created_at desc) where read_at is null`);
    },
  },
];
