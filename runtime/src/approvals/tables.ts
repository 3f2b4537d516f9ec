import type { PluginMigration } from '@tessera/platform';

const q = (schema: string, table: string) => `"${schema}"."${table}"`;
export const requestsTable = (schema: string) => q(schema, '_approval_requests');
export const tasksTable = (schema: string) => q(schema, '_approval_tasks');
export const eventsTable = (schema: string) => q(schema, '_approval_events');
export const delegationsTable = (schema: string) => q(schema, '_approval_delegations');

/**
 * The approvals plugin's tables: versions are configuration (one system table keyed by tenant, as
 * workflows'); requests, their tasks, the timeline of what everyone did and said, and out-of-office
 * delegation periods are tenant data. `round` numbers a node's activations within a request (a
 * reject back to a node, a jump, a take-back start a new round); timers and stale actions compare it.
 * `n` keeps insertion order (many rows share one instant on the test clock, and uuidv7s of one
 * millisecond are not ordered).
 */
export const migrations: PluginMigration[] = [
  {
    id: '001-approval-flow-versions', scope: 'system',
    async up(db) {
      await db.query(`create table if not exists tessera.approval_flow_versions (
        tenant_id uuid not null, flow text not null, version integer not null, definition jsonb not null, created_at timestamptz not null,
        primary key (tenant_id, flow, version))`);
    },
  },
  {
    id: '001-approval-requests', scope: 'tenant',
    async up(db, { schema }) {
      const s = schema!;
      await db.query(`create table if not exists ${requestsTable(s)} (
        id uuid primary key, flow text not null, version integer not null, object text not null, record_id uuid not null,
        submitter_id uuid, status text not null check (status in ('pending', 'approved', 'rejected', 'withdrawn', 'terminated')),
        node text, round integer not null default 0, created_at timestamptz not null, updated_at timestamptz not null, finished_at timestamptz)`);
      // The lock check of every write reads this: pending requests of the written records.
      await db.query(`create index if not exists _approval_requests_pending on ${requestsTable(s)} (object, record_id) where status = 'pending'`);
      await db.query(`create index if not exists _approval_requests_record on ${requestsTable(s)} (object, record_id, created_at desc)`);
      await db.query(`create table if not exists ${tasksTable(s)} (
        id uuid primary key, request_id uuid not null, node text not null, round integer not null,
        kind text not null check (kind in ('approver', 'added', 'delegate', 'cc')),
        status text not null check (status in ('pending', 'waiting', 'approved', 'rejected', 'cancelled', 'transferred', 'delegated', 'removed', 'cc')),
        assignee_id uuid, candidates uuid[], seq integer not null default 0, weight numeric not null default 1,
        before_of uuid, after_of uuid, delegated_from uuid, on_behalf_of uuid,
        comment text, created_at timestamptz not null, acted_at timestamptz, read_at timestamptz, urged_at timestamptz,
        n bigint generated always as identity)`);
      await db.query(`create index if not exists _approval_tasks_request on ${tasksTable(s)} (request_id, node, round)`);
      await db.query(`create index if not exists _approval_tasks_assignee on ${tasksTable(s)} (assignee_id, status)`);
      await db.query(`create table if not exists ${eventsTable(s)} (
        id uuid primary key, request_id uuid not null, task_id uuid, node text, actor_id uuid, action text not null, comment text, data jsonb, at timestamptz not null,
        n bigint generated always as identity)`);
      await db.query(`create index if not exists _approval_events_request on ${eventsTable(s)} (request_id, at)`);
      await db.query(`create table if not exists ${delegationsTable(s)} (
        id uuid primary key, user_id uuid not null, to_id uuid not null, starts_at timestamptz not null, ends_at timestamptz not null)`);
      await db.query(`create index if not exists _approval_delegations_user on ${delegationsTable(s)} (user_id, starts_at)`);
    },
  },
];
