import { qualified } from '../sql/quote.ts';

/**
 * The platform's own tables inside each tenant schema (names start with `_`, which API names
 * cannot): manual record shares and record history. Idempotent, so it also brings older tenants up.
 */
export function tenantTablesSql(schema: string): string[] {
  const share = qualified(schema, '_share');
  const audit = qualified(schema, '_audit');
  return [
    `CREATE TABLE IF NOT EXISTS ${share} (
      "object" text NOT NULL,
      "recordId" uuid NOT NULL,
      "principal" text NOT NULL,
      "access" text NOT NULL CHECK ("access" IN ('READ', 'READ_WRITE')),
      "createdBy" uuid,
      "createdAt" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("object", "recordId", "principal")
    )`,
    `CREATE INDEX IF NOT EXISTS "_share_principal" ON ${share} ("principal", "object")`,
    // The ids are UUIDv7s, so their order is time order: the retention purge deletes a range of
    // the primary key, and no index on "at" has to be kept up by every write.
    `CREATE TABLE IF NOT EXISTS ${audit} (
      "id" uuid PRIMARY KEY DEFAULT tessera.new_id(),
      "object" text NOT NULL,
      "recordId" uuid NOT NULL,
      "action" text NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actorId" uuid,
      "via" text NOT NULL,
      -- [[field, before, after], …] with API values, in field order (empty for deletes and restores)
      "changes" jsonb NOT NULL DEFAULT '[]'
    )`,
    `CREATE INDEX IF NOT EXISTS "_audit_record" ON ${audit} ("object", "recordId", "at")`,
  ];
}
