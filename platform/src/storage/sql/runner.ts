/**
 * The smallest interface the engine needs to run SQL: a pg Pool or Client, a MikroORM transaction,
 * or anything else that returns rows. Values are always parameters.
 */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

interface PgLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function pgRunner(pg: PgLike): SqlRunner {
  return { query: async <T>(sql: string, params?: unknown[]) => (await pg.query(sql, params)).rows as T[] };
}

/**
 * A connection as pg's clients are used: rows and the number of rows a statement touched. The
 * change runner hands one over its MikroORM transaction, so security code written against pg
 * clients runs in the same transaction as the metadata engine's DDL.
 */
export interface Db {
  query<R = any>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}
