import type { PluginMigration } from '@tessera/platform';

const q = (schema: string, table: string) => `"${schema}"."${table}"`;
/** A round-robin rule's durable cursor: the position of the next rep. */
export const cursorsTable = (schema: string) => q(schema, '_assignment_cursors');
/** How many records each rule gave each rep (bestToBest's quantity balance). */
export const countsTable = (schema: string) => q(schema, '_assignment_counts');
/** What assignment did with each record: the rule and rep, or why nobody took it. */
export const logTable = (schema: string) => q(schema, '_assignment_log');
/** One row per record and dispatch rule that held: queued (until the working day starts), done or dropped. */
export const dispatchesTable = (schema: string) => q(schema, '_dispatches');

export const migrations: PluginMigration[] = [
  {
    id: '001-assignment', scope: 'tenant',
    async up(db, { schema }) {
      const s = schema!;
      await db.query(`create table if not exists ${cursorsTable(s)} (rule text primary key, position bigint not null default 0)`);
      await db.query(`create table if not exists ${countsTable(s)} (rule text not null, user_id uuid not null, n bigint not null default 0, primary key (rule, user_id))`);
      await db.query(`create table if not exists ${logTable(s)} (
        id uuid primary key, object text not null, record_id uuid not null, at timestamptz not null, rule text, owner_id uuid, reason text,
        n bigint generated always as identity)`);
      await db.query(`create index if not exists _assignment_log_record on ${logTable(s)} (object, record_id, n)`);
      await db.query(`create table if not exists ${dispatchesTable(s)} (
        object text not null, record_id uuid not null, rule text not null, state text not null check (state in ('queued', 'done', 'dropped')),
        matched_at timestamptz not null, due_at timestamptz, done_at timestamptz, primary key (object, record_id, rule))`);
    },
  },
];
