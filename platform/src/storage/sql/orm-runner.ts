import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Db, SqlRunner } from './runner.ts';

function transactionOf(em: EntityManager): Transaction<unknown> {
  const trx = em.getTransactionContext<Transaction<unknown>>();
  if (!trx) throw new Error('ormRunner needs a transaction (em.transactional)');
  return trx;
}

/**
 * Runs SQL inside the MikroORM transaction of `em`, with real PostgreSQL parameters (`$1`…).
 * MikroORM's own `execute` inlines values into the text; this goes to the same connection through
 * its Kysely transaction instead, so values stay parameters and DDL shares the metadata transaction.
 */
export function ormRunner(em: EntityManager): SqlRunner {
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await transactionOf(em).executeQuery(CompiledQuery.raw(sql, params))).rows as T[],
  };
}

/** The same transaction as a pg-style connection (rows and rowCount). */
export function ormDb(em: EntityManager): Db {
  return {
    query: async (sql: string, params: unknown[] = []) => {
      const result = await transactionOf(em).executeQuery(CompiledQuery.raw(sql, params));
      return { rows: result.rows as any[], rowCount: result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : result.rows.length };
    },
  };
}
