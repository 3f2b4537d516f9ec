import type { PluginMigration } from '@tessera/platform';

export const followersTable = (schema: string) => `"${schema}"."_followers"`;
export const notesTable = (schema: string) => `"${schema}"."_notes"`;
/** Once the objects any record of which was ever followed (dropped by 003: followers are notified from change events). */
const followedObjectsTable = (schema: string) => `"${schema}"."_followed_objects"`;

/** Who follows which record, and the notes written on records (the timeline's `note` entries). */
export const migrations: PluginMigration[] = [{
  id: '001-collaboration', scope: 'tenant',
  async up(db, { schema }) {
    const s = schema!;
    await db.query(`create table if not exists ${followersTable(s)} (object text not null, record_id uuid not null, user_id uuid not null, created_at timestamptz not null, primary key (object, record_id, user_id))`);
    await db.query(`create index if not exists _followers_user on ${followersTable(s)} (user_id)`);
    await db.query(`create table if not exists ${notesTable(s)} (id uuid primary key, object text not null, record_id uuid not null, body text not null, author_id uuid, at timestamptz not null)`);
    await db.query(`create index if not exists _notes_record on ${notesTable(s)} (object, record_id, at desc)`);
  },
}, {
  id: '002-followed-objects', scope: 'tenant',
  async up(db, { schema }) {
    const s = schema!;
    await db.query(`create table if not exists ${followedObjectsTable(s)} (object text primary key)`);
    await db.query(`insert into ${followedObjectsTable(s)} (object) select distinct object from ${followersTable(s)} on conflict do nothing`);
  },
}, {
  id: '003-notify-from-events', scope: 'tenant',
  async up(db, { schema }) {
    await db.query(`drop table if exists ${followedObjectsTable(schema!)}`);
  },
}];
