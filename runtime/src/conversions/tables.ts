import type { PluginMigration } from '@tessera/platform';

export const conversionsTable = (schema: string) => `"${schema}"."_conversions"`;

/**
 * Each conversion done: the source record, the conversion, its targets (name → {object, id,
 * created}) and who did it when. It is what locks a converted record, and what joins a target's
 * timeline to its source's (a successor sees the lead's history on the account).
 */
export const migrations: PluginMigration[] = [{
  id: '001-conversions', scope: 'tenant',
  async up(db, { schema }) {
    const s = schema!;
    await db.query(`create table if not exists ${conversionsTable(s)} (
      id uuid primary key, conversion text not null, object text not null, record_id uuid not null,
      targets jsonb not null, target_ids uuid[] not null, actor_id uuid, at timestamptz not null)`);
    await db.query(`create unique index if not exists _conversions_record on ${conversionsTable(s)} (object, record_id)`);
    await db.query(`create index if not exists _conversions_targets on ${conversionsTable(s)} using gin (target_ids)`);
  },
}];
