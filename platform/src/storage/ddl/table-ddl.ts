import { qualified, quoteIdent } from '../sql/quote.ts';
import { ddlNames } from './identifiers.ts';

/** The system columns of every object table, in order. Record ids are UUIDv7. */
export const SYSTEM_COLUMNS_SQL = [
  `"id" uuid PRIMARY KEY DEFAULT tessera.new_id()`,
  `"createdAt" timestamptz NOT NULL DEFAULT now()`,
  `"updatedAt" timestamptz NOT NULL DEFAULT now()`,
  `"createdBy" uuid`,
  `"updatedBy" uuid`,
  `"ownerId" uuid`,
  `"deletedAt" timestamptz`,
  // The principals of the record's manual shares (kept by tessera.share_sync; tenant-tables.ts).
  `"_sharedWith" text[]`,
];

export function createSchemaSql(schema: string): string[] {
  return [`CREATE SCHEMA ${quoteIdent(schema)}`];
}

export function createTableSql(schema: string, table: string, objectId: string): string[] {
  const t = qualified(schema, table);
  return [
    `CREATE TABLE ${t} (\n  ${SYSTEM_COLUMNS_SQL.join(',\n  ')}\n)`,
    `CREATE INDEX ${quoteIdent(ddlNames.ownerIndex(objectId))} ON ${t} ("ownerId")`,
    `CREATE INDEX ${quoteIdent(ddlNames.createdIndex(objectId))} ON ${t} ("createdAt", "id")`,
  ];
}

export function renameTableSql(schema: string, from: string, to: string): string[] {
  return [`ALTER TABLE ${qualified(schema, from)} RENAME TO ${quoteIdent(to)}`];
}

export function dropTableSql(schema: string, table: string): string[] {
  return [`DROP TABLE ${qualified(schema, table)} CASCADE`];
}
