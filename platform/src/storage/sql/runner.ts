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
