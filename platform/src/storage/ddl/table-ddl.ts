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

/** The columns of a many-to-many junction table: which record links to which, and who linked them when. */
export const JUNCTION_COLUMNS = { source: 'sourceId', target: 'targetId', createdAt: 'createdAt', createdBy: 'createdBy' } as const;

/**
 * A many-to-many field's junction table: one row per link, keyed (source, target) so a link is
 * there once, with the reverse index (target, source) the target's connection reads, and foreign
 * keys to both tables that drop the links of a record purged for good (ON DELETE CASCADE; a soft
 * delete keeps them, hidden by reads, so a restore brings them back). Named after the field's id.
 */
export function createJunctionSql(schema: string, fieldId: string, sourceTable: string, targetTable: string): string[] {
  const t = qualified(schema, ddlNames.junctionTable(fieldId));
  const { source, target, createdAt, createdBy } = JUNCTION_COLUMNS;
  return [
    `CREATE TABLE ${t} (
  ${quoteIdent(source)} uuid NOT NULL REFERENCES ${qualified(schema, sourceTable)} ("id") ON DELETE CASCADE,
  ${quoteIdent(target)} uuid NOT NULL REFERENCES ${qualified(schema, targetTable)} ("id") ON DELETE CASCADE,
  ${quoteIdent(createdAt)} timestamptz NOT NULL DEFAULT now(),
  ${quoteIdent(createdBy)} uuid,
  PRIMARY KEY (${quoteIdent(source)}, ${quoteIdent(target)})
)`,
    `CREATE INDEX ${quoteIdent(ddlNames.junctionIndex(fieldId))} ON ${t} (${quoteIdent(target)}, ${quoteIdent(source)})`,
  ];
}

export function dropJunctionSql(schema: string, fieldId: string): string[] {
  return [`DROP TABLE IF EXISTS ${qualified(schema, ddlNames.junctionTable(fieldId))}`];
}
