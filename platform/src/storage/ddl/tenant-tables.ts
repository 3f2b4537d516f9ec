import { eventTablesSql } from '../../events/tables.ts';
import { timerTablesSql } from '../../timers/tables.ts';
import { countersTableSql } from '../../field-types/autoNumber/counters.ts';
import { filesTableSql } from '../../files/table.ts';
import { qualified } from '../sql/quote.ts';

/**
 * The platform's own tables inside each tenant schema (names start with `_`, which API names
 * cannot): manual record shares, record history, change events, timers, auto-number counters and uploaded files (`_files`). Idempotent, so it also brings older tenants up
 * (object tables made before records carried `_sharedWith` get it, filled from `_share`).
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
    // Each record's `_sharedWith` follows its shares (migration 0006-share-sync: tessera.share_sync).
    `CREATE OR REPLACE TRIGGER "_share_sync_insert" AFTER INSERT ON ${share} REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera.share_sync()`,
    `CREATE OR REPLACE TRIGGER "_share_sync_delete" AFTER DELETE ON ${share} REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera.share_sync()`,
    `CREATE OR REPLACE TRIGGER "_share_sync_update_old" AFTER UPDATE ON ${share} REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera.share_sync()`,
    `CREATE OR REPLACE TRIGGER "_share_sync_update_new" AFTER UPDATE ON ${share} REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION tessera.share_sync()`,
    sharedWithBackfillSql(schema),
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
    ...eventTablesSql(schema),
    ...timerTablesSql(schema),
    countersTableSql(schema),
    ...filesTableSql(schema),
  ];
}

/** Object tables of `schema` without `_sharedWith` (made before it existed) get it, filled from `_share`. */
function sharedWithBackfillSql(schema: string): string {
  const literal = `'${schema.replace(/'/g, "''")}'`;
  return `DO $do$
DECLARE target record;
BEGIN
  FOR target IN
    SELECT c.relname, d.name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = ${literal}
    LEFT JOIN tessera.tenants t ON t.schema_name = n.nspname
    LEFT JOIN tessera.object_definitions d ON d.tenant_id = t.id AND d.table_name = c.relname AND d.deleted_at IS NULL
    WHERE c.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'ownerId' AND NOT a.attisdropped)
      AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '_sharedWith' AND NOT a.attisdropped)
  LOOP
    EXECUTE format('ALTER TABLE %I.%I ADD COLUMN IF NOT EXISTS "_sharedWith" text[]', ${literal}, target.relname);
    IF target.name IS NOT NULL THEN
      EXECUTE format('UPDATE %I.%I r SET "_sharedWith" = s.p FROM (SELECT "recordId", array_agg(principal ORDER BY principal) AS p FROM %I."_share" WHERE "object" = $1 GROUP BY 1) s WHERE s."recordId" = r.id',
        ${literal}, target.relname, ${literal}) USING target.name;
    END IF;
  END LOOP;
END
$do$`;
}
