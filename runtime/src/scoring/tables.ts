import type { PluginMigration } from '@tessera/platform';

/** Progress of each rule's full recomputation (the latest one): what the studio's editor shows. */
export const progressTable = (schema: string) => `"${schema}"."_scoring_progress"`;

export const migrations: PluginMigration[] = [
  {
    id: '001-scoring-progress', scope: 'tenant',
    async up(db, { schema }) {
      await db.query(`create table if not exists ${progressTable(schema!)} (
        rule text primary key, sig text not null, done bigint not null default 0, total bigint,
        started_at timestamptz not null, finished_at timestamptz)`);
    },
  },
];
