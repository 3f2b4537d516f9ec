import type { ColumnSpec, ReferenceSpec } from '../../field-types/field-type.ts';
import { qualified, quoteIdent } from '../sql/quote.ts';
import { ddlNames } from './identifiers.ts';

const ON_DELETE = { setNull: 'SET NULL', restrict: 'RESTRICT', cascade: 'CASCADE' } as const;

/**
 * ADD COLUMN for each column. A nullable column, or one with a constant default, is a catalog-only
 * change in PostgreSQL: the table is not rewritten whatever its size.
 */
export function addColumnsSql(schema: string, table: string, columns: ColumnSpec[], enforceNotNull: boolean): string[] {
  // A computed field owns no column: nothing to add.
  if (!columns.length) return [];
  const clauses = columns.map((c) => {
    let clause = `ADD COLUMN ${quoteIdent(c.column)} ${c.sqlType}`;
    if (c.defaultSql) clause += ` DEFAULT ${c.defaultSql}`;
    if (c.notNull && enforceNotNull) clause += ' NOT NULL';
    return clause;
  });
  return [`ALTER TABLE ${qualified(schema, table)} ${clauses.join(', ')}`];
}

export function renameColumnSql(schema: string, table: string, from: string, to: string): string[] {
  return [`ALTER TABLE ${qualified(schema, table)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)}`];
}

export function dropColumnsSql(schema: string, table: string, columns: string[]): string[] {
  if (!columns.length) return [];
  return [`ALTER TABLE ${qualified(schema, table)} ${columns.map((c) => `DROP COLUMN ${quoteIdent(c)}`).join(', ')}`];
}

/** Changes a column's type; existing values are converted through their text form. */
export function alterColumnTypeSql(schema: string, table: string, column: string, sqlType: string): string[] {
  const c = quoteIdent(column);
  return [`ALTER TABLE ${qualified(schema, table)} ALTER COLUMN ${c} TYPE ${sqlType} USING (${c}::text)::${sqlType}`];
}

export function setNotNullSql(schema: string, table: string, column: string, notNull: boolean): string[] {
  return [`ALTER TABLE ${qualified(schema, table)} ALTER COLUMN ${quoteIdent(column)} ${notNull ? 'SET' : 'DROP'} NOT NULL`];
}

export function setDefaultSql(schema: string, table: string, column: string, defaultSql: string | undefined): string[] {
  const action = defaultSql ? `SET DEFAULT ${defaultSql}` : 'DROP DEFAULT';
  return [`ALTER TABLE ${qualified(schema, table)} ALTER COLUMN ${quoteIdent(column)} ${action}`];
}

/**
 * Uniqueness holds among live records: a soft-deleted record does not keep its value from others
 * (restoring it is refused while another record holds the value).
 */
export const LIVE_ROWS = 'WHERE "deletedAt" IS NULL';

/** The key of a field's unique index: its columns, lower-cased for a case-insensitive type. */
export function uniqueKeySql(columns: string[], caseInsensitive = false): string {
  return columns.map((c) => (caseInsensitive ? `lower(${quoteIdent(c)})` : quoteIdent(c))).join(', ');
}

export function createUniqueIndexSql(schema: string, table: string, fieldId: string, columns: string[], caseInsensitive = false): string[] {
  return [`CREATE UNIQUE INDEX ${quoteIdent(ddlNames.uniqueIndex(fieldId))} ON ${qualified(schema, table)} (${uniqueKeySql(columns, caseInsensitive)}) ${LIVE_ROWS}`];
}

export function dropIndexSql(schema: string, indexName: string): string[] {
  return [`DROP INDEX ${qualified(schema, indexName)}`];
}

/**
 * The foreign key and index of a lookup column. The constraint is added NOT VALID: the column is
 * new or already checked, so PostgreSQL need not scan the table; new writes are checked all the same.
 */
export function referenceSql(schema: string, table: string, fieldId: string, column: string, ref: ReferenceSpec, targetTable: string): string[] {
  const t = qualified(schema, table);
  return [
    `ALTER TABLE ${t} ADD CONSTRAINT ${quoteIdent(ddlNames.foreignKey(fieldId))} FOREIGN KEY (${quoteIdent(column)}) REFERENCES ${qualified(schema, targetTable)} ("id") ON DELETE ${ON_DELETE[ref.onDelete]} NOT VALID`,
    `CREATE INDEX ${quoteIdent(ddlNames.lookupIndex(fieldId))} ON ${t} (${quoteIdent(column)})`,
  ];
}

export function dropReferenceSql(schema: string, table: string, fieldId: string): string[] {
  return [
    `ALTER TABLE ${qualified(schema, table)} DROP CONSTRAINT ${quoteIdent(ddlNames.foreignKey(fieldId))}`,
    ...dropIndexSql(schema, ddlNames.lookupIndex(fieldId)),
  ];
}

export function createCompositeIndexSql(schema: string, table: string, name: string, columns: string[], unique: boolean): string[] {
  return [`CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${qualified(schema, table)} (${columns.map(quoteIdent).join(', ')})${unique ? ` ${LIVE_ROWS}` : ''}`];
}

/**
 * The trigram index global search reads for a field: GIN over `tessera.search_key(column)` (the
 * lower-cased text, plus the hex of non-ASCII text; migration 0012-search says why), with the
 * operator class of pg_trgm, wherever the database has it (`trigramSchema`).
 */
export function createSearchIndexSql(schema: string, table: string, fieldId: string, column: string, trigramSchema: string): string[] {
  return [`CREATE INDEX ${quoteIdent(ddlNames.searchIndex(fieldId))} ON ${qualified(schema, table)} USING gin (tessera.search_key(${quoteIdent(column)}) ${quoteIdent(trigramSchema)}.gin_trgm_ops)`];
}

/**
 * An index a duplicate rule reads: btree over a match's key (exact or normalized), on live rows
 * only, or GIN trigram over the search key (fuzzy). The expression is the very text the matcher
 * queries with (metadata/duplicate-rules.ts `matchKeySql`), so the planner finds it.
 */
export function createDuplicateIndexSql(schema: string, table: string, name: string, spec: { method: 'btree' | 'gin'; expression: string }, trigramSchema: string): string[] {
  const on = `${quoteIdent(name)} ON ${qualified(schema, table)}`;
  if (spec.method === 'gin') return [`CREATE INDEX ${on} USING gin ((${spec.expression}) ${quoteIdent(trigramSchema)}.gin_trgm_ops)`];
  return [`CREATE INDEX ${on} ((${spec.expression})) WHERE "deletedAt" IS NULL`];
}

/** A formula PostgreSQL keeps as a STORED generated column (expressions/formulas.ts `storedFormula`). */
export interface FormulaColumn {
  table: string;
  object: string;
  field: string;
  /** `fx_<field>_<hash of sql>` (ddlNames.formulaColumn). */
  column: string;
  sql: string;
  sqlType: string;
}

