import type { PluginMigration } from '@tessera/platform';

export const deliveriesTable = (schema: string) => `"${schema}"."_webhook_deliveries"`;
export const attemptsTable = (schema: string) => `"${schema}"."_webhook_attempts"`;

/**
 * One delivery per (webhook, change event), its id derived from both (so a redelivered event
 * finds it there: `on conflict do nothing`), its body as text (every attempt sends the same bytes),
 * and every attempt: when, the response code, how long, what went wrong.
 */
export const migrations: PluginMigration[] = [{
  id: '001-webhooks', scope: 'tenant',
  async up(db, { schema }) {
    await db.query(`create table if not exists ${deliveriesTable(schema!)} (
      id uuid primary key, webhook text not null, event_id text not null, object text not null, record_id uuid not null, kind text not null,
      body text not null, status text not null, attempts int not null default 0, attempt_limit int not null, last_code int, next_at timestamptz,
      created_at timestamptz not null, finished_at timestamptz)`);
    await db.query(`create index if not exists _webhook_deliveries_webhook on ${deliveriesTable(schema!)} (webhook, created_at desc, id desc)`);
    await db.query(`create table if not exists ${attemptsTable(schema!)} (
      delivery_id uuid not null, attempt int not null, at timestamptz not null, response_code int, duration_ms int not null, error text, replay boolean not null default false,
      primary key (delivery_id, attempt))`);
  },
}];
