/**
 * Identifier and literal quoting. Identifiers come from validated metadata and are still quoted;
 * record values are never rendered into SQL (they are parameters). Literals are used only for DDL
 * defaults, which PostgreSQL does not accept as parameters.
 */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Refusing to quote an unsafe identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** `"schema"."table"` */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

export function quoteLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('Refusing to render a non-finite number');
    return String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new Error('Refusing to render a NUL character');
    return `'${value.replace(/'/g, "''")}'`;
  }
  return `'${JSON.stringify(value).replace(/'/g, "''")}'`;
}
