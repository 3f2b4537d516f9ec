import type { PluginMigration } from '@tessera/platform';

const q = (schema: string, table: string) => `"${schema}"."${table}"`;
/** One row per record of a pooled object: its pool, its private-pool clock and its next deadline. */
export const recordsTable = (schema: string) => q(schema, '_pool_records');
/** What happened to records in pools (claims, releases, recycles…), in order. */
export const historyTable = (schema: string) => q(schema, '_pool_history');

/**
 * The pools plugin's tables, tenant data in each tenant's schema. `_pool_records.due_at` is the
 * record's next deadline (first follow-up or overdue, whichever comes first) while someone owns it;
 * a partial index keeps the sweep's read to the records due. `_pool_history` serves poolHistory,
 * the daily quota (claims by a rep since the local midnight) and the cooldown (the rep's last
 * release of the record); `n` keeps insertion order (many rows share one instant on the test clock).
 */
export const migrations: PluginMigration[] = [
  {
    id: '001-pool-records', scope: 'tenant',
    async up(db, { schema }) {
      const s = schema!;
      await db.query(`create table if not exists ${recordsTable(s)} (
        object text not null, record_id uuid not null, pool text not null, owner_id uuid,
        entered_at timestamptz, first_follow_up_at timestamptz, last_follow_up_at timestamptz,
        due_at timestamptz, due_reason text, remind_at timestamptz, reminded_at timestamptz,
        primary key (object, record_id))`);
      await db.query(`create index if not exists _pool_records_due on ${recordsTable(s)} (object, due_at) where due_at is not null`);
      await db.query(`create table if not exists ${historyTable(s)} (
        id uuid primary key, object text not null, record_id uuid not null, at timestamptz not null,
        action text not null check (action in ('CLAIM', 'ASSIGN', 'RELEASE', 'RECYCLE', 'TRANSFER', 'REACTIVATE', 'DISPATCH')),
        reason text, from_id uuid, to_id uuid, pool text, actor_id uuid, n bigint generated always as identity)`);
      await db.query(`create index if not exists _pool_history_record on ${historyTable(s)} (object, record_id, n)`);
      await db.query(`create index if not exists _pool_history_actor on ${historyTable(s)} (object, actor_id, at) where action = 'CLAIM'`);
    },
  },
];
